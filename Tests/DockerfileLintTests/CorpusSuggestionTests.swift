import DockerfileLint
import DockerfileSyntax
import Foundation
import Testing
import TestSupport

/// Over every Dockerfile of the shared corpus: each finding of a catalogued rule carries the
/// rule's own suggestion for that line (a rewrite, or advice naming what to look up or why),
/// never the rule's generic example fix; and no report format shows that example as a fix.
@Suite struct CorpusSuggestionTests {
    @Test func everyFindingHasItsOwnSuggestionNotTheRuleExample() throws {
        let dir = RepoPaths.shared("corpus/real")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".Dockerfile") }.sorted()
        #expect(names.count > 900, "the shared corpus should hold its ~960 Dockerfiles")
        var configuration = LintConfiguration()
        configuration.shellcheck = .never
        let linter = Linter(configuration: configuration)
        var missing: [String: Int] = [:], example: [String: Int] = [:], shown: [String: Int] = [:]
        var findings = 0
        for name in names {
            let result = linter.lint([UInt8](try Data(contentsOf: dir.appendingPathComponent(name))), file: name)
            for f in result.findings {
                guard let d = RuleCatalogue.description(for: f.code) else { continue }
                findings += 1
                guard let s = f.suggestion else {
                    if !RuleExampleTests.reasonOnly.contains(f.code) { missing[f.code, default: 0] += 1 }
                    continue
                }
                if s.message.contains(d.fix) || d.fix.contains(s.message) { example[f.code, default: 0] += 1 }
            }
            // What a learner reads: the terminal report and the grader's excerpt of each finding.
            let text = LintReportFormat.tty.render([result])
            for f in result.findings {
                guard let d = RuleCatalogue.description(for: f.code) else { continue }
                if text.contains(d.fix) || result.excerpt(of: f).contains(d.fix) { shown[f.code, default: 0] += 1 }
            }
            #expect(!text.contains("= fix:"), "\(name): the terminal report fell back to a rule's example fix")
        }
        #expect(findings > 1000)
        #expect(missing.isEmpty, "findings with no suggestion of their own, by rule: \(missing.sorted { $0.key < $1.key })")
        #expect(example.isEmpty, "suggestions that are the rule's example fix, by rule: \(example.sorted { $0.key < $1.key })")
        #expect(shown.isEmpty, "reports showing a rule's example fix, by rule: \(shown.sorted { $0.key < $1.key })")
    }
}
