import Foundation

/// What an output or a body must be: `{exact: "…"}`, `{contains: "…"}` or `{pattern: "…"}`
/// (a regular expression), or a plain string, read as `contains`.
struct TextExpectation: Sendable, Equatable {
    enum Mode: String, Sendable { case exact, contains, pattern }
    var mode: Mode
    var text: String

    static func read(_ r: ManifestReader, _ key: String) throws(ManifestError) -> TextExpectation? {
        guard let node = r.node(key) else { return nil }
        if case .scalar(let scalar) = node { return TextExpectation(mode: .contains, text: scalar.string) }
        let m = try ManifestReader(file: r.file, path: r.key(key), node: node)
        var found: [TextExpectation] = []
        for mode in [Mode.exact, .contains, .pattern] {
            if let text = try m.string(mode.rawValue) { found.append(TextExpectation(mode: mode, text: text)) }
        }
        try m.rejectUnknownKeys(expected: "exact, contains, pattern")
        guard found.count == 1, let expectation = found.first else {
            throw ManifestError(file: r.file, key: r.key(key), problem: "give exactly one of exact, contains or pattern")
        }
        if expectation.mode == .pattern, (try? NSRegularExpression(pattern: expectation.text)) == nil {
            throw ManifestError(file: r.file, key: r.key(key) + ".pattern", problem: "is not a valid regular expression")
        }
        return expectation
    }

    func matches(_ output: String) -> Bool {
        switch mode {
        case .exact: return output.trimmingCharacters(in: .whitespacesAndNewlines) == text.trimmingCharacters(in: .whitespacesAndNewlines)
        case .contains: return output.contains(text)
        case .pattern: return output.range(of: text, options: .regularExpression) != nil
        }
    }

    var description: String {
        switch mode {
        case .exact: "exactly \"\(text)\""
        case .contains: "\"\(text)\""
        case .pattern: "text matching /\(text)/"
        }
    }

    /// A short quote of what came instead.
    static func quote(_ output: String) -> String {
        let trimmed = output.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "nothing" }
        let lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false)
        let shown = lines.suffix(6).joined(separator: "\n")
        return "\"" + (shown.count > 400 ? "…" + String(shown.suffix(400)) : shown) + "\""
    }
}
