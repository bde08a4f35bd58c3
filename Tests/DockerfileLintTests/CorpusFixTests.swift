import DockerfileLint
import DockerfileSyntax
import Foundation
import Testing
import TestSupport

/// `lint --fix` over every Dockerfile of the shared corpus: the result parses to the same
/// instructions on the same lines, only the fixed findings disappear, none appears, and a
/// second `--fix` changes nothing. Prints the figures the issue asks for.
@Suite struct CorpusFixTests {
    struct Figures {
        var files = 0, findings = 0, narrower = 0, rewrites = 0, safe = 0, fixed = 0, changedFiles = 0, withheld = 0, lints = 0
    }

    @Test func fixingTheCorpusChangesOnlyWhatItFixes() throws {
        let dir = RepoPaths.shared("corpus/real")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".Dockerfile") }.sorted()
        #expect(names.count > 900, "the shared corpus should hold its ~960 Dockerfiles")
        let linter = Linter()
        var f = Figures()
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(name)))
            let before = linter.lint(bytes, file: name)
            f.files += 1
            f.findings += before.findings.count
            if let parsed = try? DockerfileParser.parse(bytes) {
                for finding in before.findings where finding.span != nil && Self.isNarrower(finding, parsed) { f.narrower += 1 }
            }
            f.rewrites += before.findings.filter { $0.suggestion?.isRewrite == true }.count
            f.safe += before.findings.filter { $0.suggestion?.applicability == .safe }.count
            let outcome = linter.fix(bytes, file: name)
            f.withheld += outcome.withheld.count
            f.lints += outcome.lints
            guard outcome.changed else { continue }
            f.changedFiles += 1
            f.fixed += outcome.fixed.count
            // Parses, to the same instructions on the same lines.
            let old = try DockerfileParser.parse(bytes), new = try DockerfileParser.parse(outcome.bytes)
            #expect(old.instructions.map(\.range.start.line) == new.instructions.map(\.range.start.line), "\(name): instructions moved")
            #expect(old.instructions.count == new.instructions.count, "\(name): instruction count changed")
            // Every ENV and LABEL sets the same keys to the same values, as BuildKit expands them.
            #expect(Self.keyValues(old) == Self.keyValues(new), "\(name): an ENV or LABEL means something else after --fix")
            // Only fixed findings disappear; none appears.
            let after = linter.lint(outcome.bytes, file: name)
            let gone = Self.minus(before.findings, after.findings), new_ = Self.minus(after.findings, before.findings)
            let fixedKeys = Self.keys(outcome.fixed)
            #expect(new_.isEmpty, "\(name): the fix made new findings \(new_)")
            #expect(gone.allSatisfy { fixedKeys.contains($0) }, "\(name): findings vanished without being fixed: \(gone.filter { !fixedKeys.contains($0) })")
            #expect(after.findings.allSatisfy { left in left.suggestion?.applicability != .safe || outcome.withheld.contains { $0.code == left.code && $0.line == left.line } },
                    "\(name): a safe fix is left after --fix: \(after.findings.filter { $0.suggestion?.applicability == .safe }.map(Self.key))")
            // Idempotent.
            #expect(linter.fix(outcome.bytes, file: name).changed == false, "\(name): a second --fix changed the file")
        }
        print("corpus fix: \(f.files) files, \(f.findings) findings; span narrower than the instruction: \(f.narrower); rewrite suggested: \(f.rewrites) (safe \(f.safe)); --fix fixed \(f.fixed) in \(f.changedFiles) files; withheld \(f.withheld); whole-file lints while fixing: \(f.lints)")
        #expect(f.fixed > 0 && f.narrower > 0)
    }

    /// Whether a finding's span is narrower than the whole instruction it is about: it starts
    /// after the keyword, or is the keyword alone.
    static func isNarrower(_ f: Finding, _ parsed: ParsedDockerfile) -> Bool {
        guard let span = f.span, let instruction = parsed.instructions.last(where: { $0.range.start.line <= f.line }) else { return false }
        let start = instruction.range.start
        return span.start > start
            || (span.end.line == start.line && span.end.column <= start.column + instruction.keyword.unicodeScalars.count)
    }

    /// Each ENV and LABEL's keys and expanded values (every variable set to a marker naming
    /// it, so a reference must stay the same reference).
    static func keyValues(_ p: ParsedDockerfile) -> [[String]] {
        let lexer = ShellLexer(escape: p.directives.escape)
        let marker: @Sendable (String) -> String? = { "\u{1}\($0)\u{2}" }
        var out: [[String]] = []
        for i in p.instructions where i.kind == .env || i.kind == .label {
            var pairs: [String] = []
            for k in stride(from: 0, to: i.arguments.count - 1, by: 3) {
                let value = i.arguments[k + 1]
                let expanded: String = (try? lexer.processWord(value, environment: marker)) ?? "not expandable: " + value
                pairs += [i.arguments[k], expanded]
            }
            out.append(pairs)
        }
        return out
    }

    static func key(_ f: Finding) -> String { "\(f.code)|\(f.line)" }
    static func keys(_ fs: [Finding]) -> Set<String> { Set(fs.map(key)) }

    /// The (code, line) of `a` not matched in `b`, counted.
    static func minus(_ a: [Finding], _ b: [Finding]) -> [String] {
        var counts: [String: Int] = [:]
        for f in b { counts[key(f), default: 0] += 1 }
        var out: [String] = []
        for f in a {
            let k = key(f)
            if let n = counts[k], n > 0 { counts[k] = n - 1 } else { out.append(k) }
        }
        return out
    }
}
