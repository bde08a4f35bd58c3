/// The small `---` block at the top of a lesson (`id:`, `title:`, ...). It is metadata,
/// not prose, so it is split off before rendering instead of being printed raw.
public struct FrontMatter: Sendable, Equatable {
    /// `key: value` pairs in order of appearance; values keep their text, quotes removed.
    public var fields: [(key: String, value: String)]

    public static func == (lhs: FrontMatter, rhs: FrontMatter) -> Bool {
        lhs.fields.map(\.key) == rhs.fields.map(\.key) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    public subscript(key: String) -> String? {
        fields.first { $0.key == key }?.value
    }

    /// Splits `source` into its front matter (if it opens with a `---` line closed by a
    /// later `---` or `...` line) and the Markdown body after it.
    public static func split(_ source: String) -> (frontMatter: FrontMatter?, body: Substring) {
        var text = Substring(source)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        guard text.hasPrefix("---") else { return (nil, Substring(source)) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingWhitespace() == "---" else {
            return (nil, Substring(source))
        }
        var fields: [(key: String, value: String)] = []
        for (index, line) in lines.enumerated().dropFirst() {
            let trimmed = line.trimmingTrailingWhitespace()
            if trimmed == "---" || trimmed == "..." {
                let bodyStart = lines[index].endIndex
                let body = bodyStart < text.endIndex ? text[text.index(after: bodyStart)...] : text[bodyStart...]
                return (FrontMatter(fields: fields), body)
            }
            if trimmed.isEmpty || trimmed.hasPrefix("#") || line.hasPrefix(" ") || line.hasPrefix("\t")
                || line.hasPrefix("- ") { continue }
            // Every other line must be `key: value`, or this is not front matter but a
            // thematic break (or setext heading) opening the prose.
            guard let colon = line.firstIndex(of: ":") else { return (nil, Substring(source)) }
            let key = line[..<colon].trimmingWhitespace()
            var value = line[line.index(after: colon)...].trimmingWhitespace()
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                value = String(value.dropFirst().dropLast())
            }
            if !key.isEmpty && !key.hasPrefix(" ") && !key.hasPrefix("-") { fields.append((key, value)) }
        }
        // No closing line: this is a thematic break followed by prose, not front matter.
        return (nil, Substring(source))
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let scalars = String(self).unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) ?? start
        return String(String.UnicodeScalarView(scalars[start...end]))
    }

    func trimmingTrailingWhitespace() -> String {
        let scalars = String(self).unicodeScalars
        guard let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[...end]))
    }
}
