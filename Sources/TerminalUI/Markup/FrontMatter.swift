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
        // Line by line, only as far as the closing line: a lesson's body is not split.
        var rest = text[...]
        func nextLine() -> Substring? {
            guard !rest.isEmpty else { return nil }
            let end = rest.firstIndex(of: "\n") ?? rest.endIndex
            let line = rest[..<end]
            rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
            return line
        }
        guard let first = nextLine(), first.trimmingTrailingWhitespace() == "---" else {
            return (nil, Substring(source))
        }
        var fields: [(key: String, value: String)] = []
        while let line = nextLine() {
            let trimmed = line.trimmingTrailingWhitespace()
            if trimmed == "---" || trimmed == "..." {
                return (FrontMatter(fields: fields), rest)
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
