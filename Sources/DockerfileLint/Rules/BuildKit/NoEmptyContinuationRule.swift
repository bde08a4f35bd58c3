import DockerfileSyntax

struct NoEmptyContinuationRule: Rule {
    static let description = BuildKitRules.bk(
        "NoEmptyContinuation", "no-empty-continuation",
        message: "Empty continuation lines will become errors in a future release",
        rationale: "A blank line inside a continued instruction is easy to misread and is deprecated.",
        fix: "Remove the blank line, or put a comment there.",
        triggering: ["FROM alpine:3.20\nRUN apk add \\\n\n↓    curl\n"], nonTriggering: ["FROM alpine:3.20\nRUN apk add \\\n    curl\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.parsed.warnings.map { Violation(line: $0.range.start.line, suggestion: .advice(
            "delete the empty line inside this continued instruction (a comment line there is fine): Docker will refuse it in a future release")) }
    }
}
