/// Fits the course's text screens (home, list, check's report) to the terminal's width.
/// A long line breaks at the end of a phrase (after ", ", "; ", ": ", " · ", " — ") when
/// that keeps the line at least half full, else at a space, never inside `backticks` (a
/// command to copy), and goes on under its first word, or under the text after a leading
/// label such as `hint:`. Colour codes take no columns.
public enum LineWrap {
    public static func fit(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { fit(line: String($0), width: width) }
            .joined(separator: "\n")
    }

    static func fit(line: String, width: Int) -> [String] {
        let characters = Array(line)
        guard visibleWidth(characters[...]) > width else { return [line] }
        let indent = hangingIndent(characters)
        var lines: [String] = []
        var rest = characters[...]
        var prefix = ""
        while visibleWidth(rest) + prefix.count > width {
            guard let cut = breakPoint(in: rest, room: width - prefix.count) else { break }
            lines.append(prefix + String(rest[..<cut]).trailingSpacesRemoved)
            rest = rest[cut...].drop { $0 == " " }
            prefix = String(repeating: " ", count: indent)
        }
        lines.append(prefix + String(rest))
        return lines
    }

    /// Where the line breaks so that what comes before takes at most `room` columns: the index
    /// of the first character of the next line; nil when there is no place to break.
    private static func breakPoint(in line: ArraySlice<Character>, room: Int) -> Int? {
        var column = 0, inCode = false, escape = false
        var lastSpace: Int?, lastPhrase: Int?
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            if escape {
                if c.isLetter { escape = false }
            } else if c == "\u{1B}" {
                escape = true
            } else {
                if c == "`" { inCode.toggle() }
                if c == " " && !inCode && column > 0 {
                    if column > room && lastSpace != nil { break }
                    lastSpace = index + 1
                    let before = line[line.startIndex..<index].last { $0 != "\u{1B}" }
                    if let before, [",", ";", ":", "·", "—"].contains(before) { lastPhrase = index + 1 }
                    if column > room { break }
                }
                column += 1
                if column > room, lastSpace != nil { break }
            }
            index += 1
        }
        if let lastPhrase, lastPhrase - line.startIndex >= room / 2 { return lastPhrase }
        return lastSpace
    }

    /// The column a continuation starts at: under the text after a leading `label:`, else
    /// under the line's first word.
    private static func hangingIndent(_ line: [Character]) -> Int {
        let visible = String(stripped(line[...]))
        let leading = visible.prefix { $0 == " " }.count
        let firstWord = visible.dropFirst(leading).prefix { $0 != " " }
        if firstWord.count > 1, firstWord.count <= 6, firstWord.last == ":" { return leading + firstWord.count + 1 }
        return leading
    }

    static func visibleWidth(_ line: ArraySlice<Character>) -> Int { stripped(line).count }

    private static func stripped(_ line: ArraySlice<Character>) -> [Character] {
        var out: [Character] = [], escape = false
        for c in line {
            if escape { if c.isLetter { escape = false }; continue }
            if c == "\u{1B}" { escape = true; continue }
            out.append(c)
        }
        return out
    }
}

private extension String {
    var trailingSpacesRemoved: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
