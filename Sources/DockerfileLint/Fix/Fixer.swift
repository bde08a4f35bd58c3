import DockerfileSyntax

/// Applies findings' rewrites to a file's bytes, touching nothing else: every byte outside
/// an edit (comments, continuations, heredocs, the escape character, CRLF) stays as it was.
public enum Fixer {
    /// The rewrites `unsafe` allows, applied together. A finding's edits go in all or none;
    /// one that overlaps an edit already taken waits for the next pass.
    public static func apply(_ findings: [Finding], to bytes: [UInt8], unsafe: Bool) -> (bytes: [UInt8], applied: [Finding]) {
        // Most files have nothing to rewrite: their lines are not even counted.
        guard findings.contains(where: { $0.suggestion?.isRewrite == true }) else { return (bytes, []) }
        let lineStarts = Self.lineStarts(bytes)
        var taken: [(lower: Int, upper: Int, insertion: Bool)] = []
        var planned: [(lower: Int, upper: Int, order: Int, text: [UInt8])] = []
        var applied: [Finding] = []
        // Two rules with one fix (DL3025 and JSONArgsRecommended): applied once, both fixed.
        var appliedEdits = Set<[TextEdit]>()
        for f in findings {
            guard let s = f.suggestion, s.isRewrite, s.applicability == .safe || (unsafe && s.applicability == .unsafe) else { continue }
            if appliedEdits.contains(s.edits) { applied.append(f); continue }
            var ranges: [(Int, Int, [UInt8])] = []
            var ok = true
            for e in s.edits {
                guard let lo = offset(of: e.range.start, bytes: bytes, lineStarts: lineStarts),
                      let hi = offset(of: e.range.end, bytes: bytes, lineStarts: lineStarts), lo <= hi else { ok = false; break }
                ranges.append((lo, hi, Array(e.replacement.utf8)))
            }
            guard ok else { continue }
            let clash = ranges.contains { r in
                taken.contains { t in
                    // Two insertions at one point compose; anything else must not touch.
                    if r.0 == r.1 && t.insertion { return false }
                    if r.0 == r.1 { return r.0 > t.lower && r.0 < t.upper }
                    if t.insertion { return t.lower > r.0 && t.lower < r.1 }
                    return r.0 < t.upper && t.lower < r.1
                }
            }
            guard !clash else { continue }
            for r in ranges {
                taken.append((r.0, r.1, r.0 == r.1))
                planned.append((r.0, r.1, planned.count, r.2))
            }
            applied.append(f)
            appliedEdits.insert(s.edits)
        }
        guard !planned.isEmpty else { return (bytes, []) }
        // From the end backwards so earlier offsets stay valid; insertions at one point keep
        // the order the findings came in.
        var out = bytes
        for p in planned.sorted(by: { $0.lower != $1.lower ? $0.lower > $1.lower : $0.order > $1.order }) {
            out.replaceSubrange(p.lower..<p.upper, with: p.text)
        }
        return (out, applied)
    }

    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (k, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(k + 1) }
        return starts
    }

    /// The byte offset of a line and scalar column; nil when the position is not in the file.
    static func offset(of p: SourcePosition, bytes: [UInt8], lineStarts: [Int]) -> Int? {
        guard p.line >= 1, p.line <= lineStarts.count, p.column >= 1 else { return nil }
        var k = lineStarts[p.line - 1]
        var column = 1
        while column < p.column {
            guard k < bytes.count, bytes[k] != UInt8(ascii: "\n") else { return nil }
            k += 1
            while k < bytes.count, bytes[k] & 0xC0 == 0x80 { k += 1 }
            column += 1
        }
        return k
    }
}

/// What `lint --fix` did to one file.
public struct FixOutcome: Sendable {
    /// The file after the fixes.
    public var bytes: [UInt8]
    /// The findings whose rewrites were applied (as reported when applied).
    public var fixed: [Finding]
    /// Rewrites left out because, applied, they made a new finding or a file that does not
    /// parse (ADD → COPY where COPY's own rules then object).
    public var withheld: [Finding]
    /// The lint of `bytes` (the last one the fixer ran, which verified the fixes): what is
    /// left, for the report, so a fixed file is not linted again.
    public var result: LintResult
    /// Whole-file lints run: 1 for a file with nothing to fix, 2 for one fixed in one pass.
    public var lints: Int
    public var changed: Bool
}

extension Linter {
    /// Applies safe rewrites (and unsafe ones when asked) until none is left, at most a few
    /// passes; each pass lints the result again so fixes never act on stale positions. A fix
    /// is kept only if the file still parses and no finding appears that was not there.
    public func fix(_ bytes: [UInt8], file: String, buildContext: BuildContextSource? = nil, unsafe: Bool = false) -> FixOutcome {
        var current = bytes
        var fixed: [Finding] = []
        var withheld: [Finding] = []
        var refused = Set<String>()
        var passes = 0
        var lints = 1
        var result = lint(current, file: file, buildContext: buildContext)
        func key(_ f: Finding) -> String { "\(f.code)|\(f.line)|\(f.message)" }
        func verify(_ next: [UInt8], fixing applied: [Finding]) -> LintResult? {
            lints += 1
            return check(next, against: result, fixing: applied, file: file, buildContext: buildContext)
        }
        while passes < 6 {
            passes += 1
            let candidates = result.findings.filter { !refused.contains(key($0)) }
            var (next, applied) = Fixer.apply(candidates, to: current, unsafe: unsafe)
            if applied.isEmpty { break }
            var after = verify(next, fixing: applied)
            if after == nil {
                // Some fix in the batch does harm: try each alone, refuse those that do harm,
                // and apply the others together (or the first, if together they still do).
                // A good fix alone keeps its verified lint, so it is not linted again.
                let appliedKeys = Set(applied.map(key))
                var good: [(finding: Finding, bytes: [UInt8], applied: [Finding], after: LintResult)] = []
                for f in candidates where appliedKeys.contains(key(f)) {
                    let twins = candidates.filter { $0.suggestion?.edits == f.suggestion?.edits }
                    let (one, done) = Fixer.apply(twins, to: current, unsafe: unsafe)
                    guard !done.isEmpty, !good.contains(where: { $0.finding.suggestion?.edits == f.suggestion?.edits }) else { continue }
                    if let verified = verify(one, fixing: done) {
                        good.append((f, one, done, verified))
                    } else {
                        refused.insert(key(f))
                        withheld.append(f)
                    }
                }
                guard let first = good.first else { continue }
                if good.count > 1 {
                    let goodEdits = Set(good.compactMap { $0.finding.suggestion?.edits })
                    let batch = candidates.filter { goodEdits.contains($0.suggestion?.edits ?? []) }
                    (next, applied) = Fixer.apply(batch, to: current, unsafe: unsafe)
                    after = verify(next, fixing: applied)
                }
                if after == nil { (next, applied, after) = (first.bytes, first.applied, first.after) }
            }
            guard let after else { break }
            current = next
            fixed += applied
            result = after
        }
        // A withheld rewrite is no longer offered as a fix in the report of what is left: it
        // stays as advice, the line it would write shown for the learner to judge.
        result.findings = result.findings.map { f in
            guard refused.contains(key(f)), var suggestion = f.suggestion, suggestion.applicability != .advice else { return f }
            suggestion.applicability = .advice
            var kept = f
            kept.suggestion = suggestion
            return kept
        }
        return FixOutcome(bytes: current, fixed: fixed, withheld: withheld, result: result, lints: lints, changed: current != bytes)
    }

    /// The lint of `next` when it parses and its findings are exactly `before`'s less the
    /// ones `fixed` (by code and line, counted): no new one, none gone by accident, each
    /// fixed one gone. Else nil.
    func check(_ next: [UInt8], against before: LintResult, fixing fixed: [Finding], file: String, buildContext: BuildContextSource?) -> LintResult? {
        let after = lint(next, file: file, buildContext: buildContext)
        // No parse (or one hadolint would refuse): the lint kept no parsed file.
        guard after.context != nil else { return nil }
        // A fix that adds a line (SHELL above a RUN) moves what follows: compare each old
        // finding at its new line.
        var shifts: [(line: Int, column: Int, delta: Int)] = []
        for edits in Set(fixed.compactMap { $0.suggestion?.edits }) {
            for e in edits {
                let delta = e.replacement.utf8.count { $0 == UInt8(ascii: "\n") } - (e.range.end.line - e.range.start.line)
                if delta != 0 { shifts.append((e.range.start.line, e.range.start.column, delta)) }
            }
        }
        func moved(_ line: Int) -> Int {
            line + shifts.reduce(0) { sum, s in line > s.line || (line == s.line && s.column == 1) ? sum + s.delta : sum }
        }
        var counts: [String: Int] = [:]
        for f in before.findings { counts["\(f.code)|\(moved(f.line))", default: 0] += 1 }
        var fixedCounts: [String: Int] = [:]
        for f in fixed { fixedCounts["\(f.code)|\(moved(f.line))", default: 0] += 1 }
        for f in after.findings {
            let k = "\(f.code)|\(f.line)"
            guard let n = counts[k], n > 0 else { return nil }
            counts[k] = n - 1
        }
        // What is left over in `counts` disappeared: exactly the fixed findings (a fix that
        // does not remove its finding is refused too, so --fix always comes to rest).
        for k in Set(counts.keys).union(fixedCounts.keys) where (counts[k] ?? 0) != (fixedCounts[k] ?? 0) { return nil }
        return after
    }
}
