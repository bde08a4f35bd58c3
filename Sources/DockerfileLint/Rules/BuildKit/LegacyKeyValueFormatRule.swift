import DockerfileSyntax

struct LegacyKeyValueFormatRule: Rule {
    static let description = BuildKitRules.bk(
        "LegacyKeyValueFormat", "legacy-key-value-format",
        message: "Use `key=value` in ENV and LABEL, not the legacy `key value` form",
        rationale: "The legacy form takes the rest of the line as the value, spaces included, which surprises.",
        fix: "Write `ENV FOO=bar`.",
        triggering: ["FROM alpine:3.20\n↓ENV FOO bar\n"], nonTriggering: ["FROM alpine:3.20\nENV FOO=bar\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.flagLines(["env", "label"]) { $0.arguments.count >= 3 && $0.arguments[2].isEmpty }
    }
}
