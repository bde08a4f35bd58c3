import DockerfileLint
import Foundation
import Testing
import TestSupport

/// A rule that always fails, to check that one broken rule cannot take the others down.
struct AlwaysFailingRule: Rule {
    static let description = RuleDescription(
        code: "XX9999", name: "always-fails", family: .instructions, severity: .warning, message: "never",
        rationale: "test double", fix: "none", triggering: [], nonTriggering: [])
    func check(_ context: LintContext) throws -> [Violation] { throw RuleFailure("broken on purpose") }
}

@Suite struct RobustnessTests {
    @Test func failingRuleIsReportedAndOthersStillRun() {
        let linter = Linter(rules: [AlwaysFailingRule.self] + RuleCatalogue.all)
        let result = linter.lint(Array("FROM debian\nRUN cd /x\n".utf8), file: "Dockerfile")
        let failures = result.findings.filter { $0.code == "DLINTERNAL" }
        #expect(failures.count == 1)
        #expect(failures.first?.message.contains("XX9999") == true)
        #expect(result.findings.contains { $0.code == "DL3006" && $0.line == 1 })
        #expect(result.findings.contains { $0.code == "DL3003" && $0.line == 2 })
    }

    /// Mangled corpus files (truncated, bytes dropped, lines shuffled, quotes and brackets
    /// injected) must lint without a crash. Deterministic, so a failure reproduces.
    @Test func mangledInputsNeverCrash() throws {
        let dir = RepoPaths.shared("corpus/real")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".Dockerfile") }.sorted()
        var rng = SeededGenerator(seed: 0xD0C4E5)
        let linter = Linter(configuration: { var c = LintConfiguration(); c.enabled = ["course", "InvalidDefinitionDescription"]; return c }())
        let junk: [[UInt8]] = ["\"", "'", "$(", "`", "\\", "<<EOF", "((", "[", "{", "#", "\n", "\\\n", "|", ";;", "case x in", "${", "\u{0}"].map { Array($0.utf8) }
        // Without the corpus this test would lint nothing and pass: it must have it.
        try #require(names.count >= 250, "the corpus at \(dir.path) has \(names.count) Dockerfiles")
        var linted = 0, withFindings = 0
        for name in names.prefix(250) {
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(name)))
            for round in 0..<4 {
                var m = bytes
                switch round {
                case 0: m = Array(m.prefix(Int(rng.next() % UInt64(max(1, m.count)))))
                case 1:
                    for _ in 0..<8 where !m.isEmpty { m.remove(at: Int(rng.next() % UInt64(m.count))) }
                default:
                    for _ in 0..<6 {
                        let at = m.isEmpty ? 0 : Int(rng.next() % UInt64(m.count))
                        m.insert(contentsOf: junk[Int(rng.next() % UInt64(junk.count))], at: at)
                    }
                }
                let result = linter.lint(m, file: name)
                #expect(!result.findings.contains { $0.code == "DLINTERNAL" }, "\(name) round \(round)")
                #expect(result.file == name && result.findings.allSatisfy { $0.file == name && $0.line >= 0 })
                linted += 1
                if !result.findings.isEmpty { withFindings += 1 }
            }
        }
        // A linter that gave up on mangled text (no findings at all) would crash nothing, yet
        // lint nothing: most of these files still have plenty for the rules to find.
        #expect(linted == 1000 && withFindings > linted * 3 / 4, "\(withFindings) of \(linted) mangled files had findings")
    }

    @Test func exitStatusFollowsThreshold() throws {
        let files = [(name: "Dockerfile", bytes: Array("FROM debian:12\nRUN cd /x\n".utf8))]
        var config = LintConfiguration()
        #expect(LintSession(configuration: config).exitStatus(try LintSession(configuration: config).run(files)) == 1)
        config.failureThreshold = .error
        #expect(LintSession(configuration: config).exitStatus(try LintSession(configuration: config).run(files)) == 0)
        config.failureThreshold = .warning
        #expect(LintSession(configuration: config).exitStatus(try LintSession(configuration: config).run(files)) == 1)
        config.noFail = true
        #expect(LintSession(configuration: config).exitStatus(try LintSession(configuration: config).run(files)) == 0)
    }
}
