import DockerfileSyntax

/// BuildKit's checks of keyword case: `AS` against `FROM`, and every instruction against the rest.
struct FromAsCasingRule: Rule {
    static let description = BuildKitRules.bk(
        "FromAsCasing", "from-as-casing",
        message: "The `AS` keyword should match the case of `FROM`",
        rationale: "Mixed keyword casing on one line reads as a mistake.",
        fix: "Write `FROM … AS name` or `from … as name`.",
        triggering: ["↓FROM debian:12 as builder\n"], nonTriggering: ["FROM debian:12 AS builder\n", "from debian:12 as builder\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.report(["from"]) { item in
            guard item.arguments.count >= 3 else { return nil }
            let kw = item.node.keyword, asWord = item.arguments[1]
            let wrong = (kw == kw.uppercased() && asWord != asWord.uppercased()) || (kw == kw.lowercased() && asWord != asWord.lowercased())
            guard wrong else { return nil }
            guard let span = c.spanOfWord(asWord, after: item.arguments[0], in: item) else { return .here }
            let fixed = Rewrites.matchCase("as", like: kw)
            return Report(span: span, suggestion: Suggestion("write `\(fixed)`", edits: [TextEdit(span, fixed)], .safe))
        }
    }
}

struct ConsistentInstructionCasingRule: Rule {
    static let description = BuildKitRules.bk(
        "ConsistentInstructionCasing", "consistent-instruction-casing",
        message: "Instruction keywords should all use the same case",
        rationale: "Mixing `RUN` and `run` makes a Dockerfile harder to scan.",
        fix: "Write every instruction in uppercase (or every one in lowercase).",
        triggering: ["FROM alpine:3.20\n↓run echo hi\n", "FROM alpine:3.20\n↓Run echo hi\n"],
        nonTriggering: ["FROM alpine:3.20\nRUN echo hi\n", "from alpine:3.20\nrun echo hi\n"])

    func check(_ c: LintContext) -> [Violation] {
        let items = c.items.filter { !$0.isOnbuild && ($0.stage >= 0) }
        var upper = 0, lower = 0
        for item in items {
            let k = item.raw.keyword
            if k == k.uppercased() { upper += 1 } else if k == k.lowercased() { lower += 1 }
        }
        let wantLower = lower > upper
        return c.report { item in
            let k = item.raw.keyword
            let isUpper = k == k.uppercased(), isLower = k == k.lowercased()
            guard item.stage >= 0, (!isUpper && !isLower) || (wantLower ? isUpper : isLower) else { return nil }
            let span = item.raw.range.start
            let keyword = SourceRange(start: span, end: SourcePosition(line: span.line, column: span.column + k.unicodeScalars.count))
            let fixed = wantLower ? k.lowercased() : k.uppercased()
            return Report(span: keyword, suggestion: Suggestion("write `\(fixed)`", edits: [TextEdit(keyword, fixed)], .safe))
        }
    }
}
