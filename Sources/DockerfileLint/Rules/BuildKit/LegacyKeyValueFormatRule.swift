import DockerfileSyntax

struct LegacyKeyValueFormatRule: Rule {
    static let description = BuildKitRules.bk(
        "LegacyKeyValueFormat", "legacy-key-value-format",
        message: "Use `key=value` in ENV and LABEL, not the legacy `key value` form",
        rationale: "The legacy form takes the rest of the line as the value, spaces included, which surprises.",
        fix: "Write `ENV FOO=bar`.",
        triggering: ["FROM alpine:3.20\n↓ENV FOO bar\n"], nonTriggering: ["FROM alpine:3.20\nENV FOO=bar\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.report(["env", "label"]) { item in
            guard item.arguments.count >= 3, item.arguments[2].isEmpty else { return nil }
            return .line(Self.rewrite(item, escape: c.parsed.directives.escape))
        }
    }

    /// `ENV key value` → `ENV key=value`, the value quoted when it holds spaces. Safe only
    /// when the new form, parsed and expanded as BuildKit does, gives exactly the same key
    /// and value (checked here by parsing it); otherwise advice.
    static func rewrite(_ item: InstructionItem, escape: Unicode.Scalar) -> Suggestion {
        let key = item.arguments[0], value = item.arguments[1]
        let keyword = item.node.keyword
        let advice = Suggestion.advice("write `\(keyword) \(key)=…` with the value quoted so that it stays one value (the legacy form takes the whole rest of the line, spaces and quotes included)")
        guard let quoted = candidate(value, escape: escape), !item.isOnbuild,
              let keySpan = item.span(of: key), let valueSpan = item.span(ofTrailing: value),
              keySpan.end.line == valueSpan.start.line, keySpan.end < valueSpan.start,
              sameMeaning(keyword: keyword, key: key, legacy: value, new: quoted, escape: escape)
        else { return advice }
        var edits = [TextEdit(SourceRange(start: keySpan.end, end: valueSpan.start), quoted == value ? "=" : "=\"")]
        if quoted != value { edits.append(.insert("\"", at: valueSpan.end)) }
        return Suggestion("write `\(keyword) \(key)=\(quoted)`", edits: edits, .safe)
    }

    /// The value as one word of the `key=value` form: as written when it has no blank outside
    /// quotes, else in double quotes when it holds no quote or escape character; nil otherwise.
    static func candidate(_ value: String, escape: Unicode.Scalar) -> String? {
        if !value.unicodeScalars.contains(where: { $0 == " " || $0 == "\t" }) { return value }
        if value.unicodeScalars.contains(where: { $0 == "\"" || $0 == "'" || $0 == escape || $0 == "\\" || $0 == "`" }) {
            // One quoted word already (`"-Xmx1g -Dx=y"`): the parser must see a single word.
            return value
        }
        return "\"" + value + "\""
    }

    /// Whether `KEYWORD key=new` parses to the one pair `key` with the value that the legacy
    /// `value` expands to, with every variable set and with none set.
    static func sameMeaning(keyword: String, key: String, legacy: String, new: String, escape: Unicode.Scalar) -> Bool {
        let directive = escape == "\\" ? "" : "# escape=\(escape)\n"
        guard let parsed = try? DockerfileParser.parse(directive + "\(keyword) \(key)=\(new)\n"),
              parsed.instructions.count == 1 else { return false }
        let args = parsed.instructions[0].arguments
        guard args.count == 3, args[0] == key, args[2] == "=" else { return false }
        let lexer = ShellLexer(escape: escape)
        let environments: [@Sendable (String) -> String?] = [{ "\u{1}\($0)\u{2}" }, { _ in nil }]
        for environment in environments {
            guard let a = try? lexer.processWord(legacy, environment: environment),
                  let b = try? lexer.processWord(args[1], environment: environment), a == b else { return false }
        }
        return true
    }
}
