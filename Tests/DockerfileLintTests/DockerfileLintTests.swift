import DockerfileLint
import Testing

/// The SwiftLint pattern: every rule carries its own examples, and this one test runs them
/// all. A rule without a triggering and a non-triggering example fails here.
@Suite struct RuleExampleTests {
    static let rules = RuleCatalogue.descriptions

    /// Rules that give no suggestion of their own: the report shows their reason (never their
    /// example fix). DL1000's message already names the fault and what was expected (and the
    /// grader shows the parse check above it); a new rule does not belong here.
    static let reasonOnly: Set<String> = ["DL1000"]

    @Test(arguments: rules.map(\.code))
    func examplesBehave(code: String) throws {
        let rule = try #require(RuleCatalogue.description(for: code))
        #expect(!rule.triggering.isEmpty, "\(code) has no triggering example")
        #expect(!rule.nonTriggering.isEmpty, "\(code) has no non-triggering example")
        #expect(!rule.rationale.isEmpty && !rule.fix.isEmpty && !rule.message.isEmpty)
        for example in rule.triggering {
            let (text, marked) = example.stripped
            #expect(!marked.isEmpty, "\(code): a triggering example needs a ↓ marker")
            let lines = findings(of: code, in: text, example: example).map(\.line)
            #expect(lines == marked, "\(code) should fire at lines \(marked) of:\n\(text)\nbut fired at \(lines)")
            // Each finding says how to fix the learner's line (a rewrite, or advice naming what
            // to look up or why); only the rules listed below still give just their reason.
            for f in findings(of: code, in: text, example: example) {
                if Self.reasonOnly.contains(code) {
                    #expect(f.suggestion == nil, "\(code) has a suggestion now: take it off `reasonOnly`")
                } else {
                    #expect(f.suggestion != nil, "\(code) gives no suggestion for the line (the report would show only its reason)")
                    #expect(f.suggestion.map { !$0.message.contains(rule.fix) } ?? true, "\(code) suggests its generic example")
                }
            }
        }
        for example in rule.nonTriggering {
            let (text, marked) = example.stripped
            #expect(marked.isEmpty)
            let lines = findings(of: code, in: text, example: example).map(\.line)
            #expect(lines.isEmpty, "\(code) should not fire on:\n\(text)\nbut fired at \(lines)")
        }
    }

    @Test func codesAreUnique() {
        let codes = Self.rules.map(\.code)
        #expect(Set(codes).count == codes.count)
        let names = Self.rules.map(\.name)
        #expect(Set(names).count == names.count)
    }

    func findings(of code: String, in text: String, example: RuleExample) -> [Finding] {
        var config = example.config ?? LintConfiguration()
        config.enabled.insert(code)
        let result = Linter(configuration: config).lint(Array(text.utf8), file: "Dockerfile", buildContext: example.buildContext)
        return result.findings.filter { $0.code == code }
    }
}
