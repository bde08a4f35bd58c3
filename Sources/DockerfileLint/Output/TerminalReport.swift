/// The human report, shaped like rustc's: `file:line:col code level: message`, the source
/// line with the finding's words underlined, then the suggestion (the learner's line
/// rewritten, marked safe or not, or advice for it) or, when the rule has none, its reason.
enum TerminalReport {
    static func render(_ results: [LintResult], color: Bool) -> String {
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        var out = ""
        var safe = Set<[TextEdit]>(), unsafe = Set<[TextEdit]>()
        for r in results {
            for f in r.findings {
                let levelColor: String
                switch f.severity {
                case .error: levelColor = "1;31"
                case .warning: levelColor = "1;33"
                case .info: levelColor = "1;36"
                default: levelColor = "2"
                }
                let at = f.location
                out += "\(paint("\(f.file):\(at.start.line):\(at.start.column)", "1")) \(paint(f.code, levelColor)) \(paint(f.severity.rawValue, levelColor)): \(visible(f.message))\n"
                out += excerpt(f, in: r, paint: paint, levelColor: levelColor)
                if let s = f.suggestion {
                    let tagged = s.edits.map { var e = $0; e.replacement += "\u{0}" + f.file; return e }
                    if s.applicability == .safe { safe.insert(tagged) }
                    if s.applicability == .unsafe { unsafe.insert(tagged) }
                } else if let d = RuleCatalogue.description(for: f.code) {
                    // No suggestion for this line: the reason only. The rule's `fix` is an
                    // example for `explain`, not a fix of this line.
                    out += " \(String(repeating: " ", count: String(at.start.line).count)) = note: \(d.rationale)\n"
                }
            }
        }
        // Counted by distinct edits: two rules with one fix count once.
        let (safeCount, unsafeCount) = (safe.count, unsafe.count)
        if safeCount + unsafeCount > 0 {
            let files = results.filter { $0.findings.contains { $0.suggestion?.isRewrite == true } }.map(\.file)
            let names = files.count == 1 ? files[0] : "FILE…"
            if safeCount > 0 { out += "run `dockerlings lint --fix \(names)` to apply \(safeCount) safe fix\(safeCount == 1 ? "" : "es")\n" }
            if unsafeCount > 0 { out += "\(unsafeCount) more with `--fix --unsafe` (read them first: they may change behaviour)\n" }
        }
        return out
    }

    /// The source line with the finding's words underlined, then its suggestion and the
    /// learner's line rewritten (no rule fix line: callers add their own).
    static func excerpt(_ f: Finding, in r: LintResult, paint: (String, String) -> String, levelColor: String) -> String {
        var out = ""
        let at = f.location
        let number = String(at.start.line)
        let gutter = String(repeating: " ", count: number.count)
        if let text = sourceLine(r, at.start.line) {
            out += " \(paint(number, "2")) | \(text)\n"
            let start = max(1, at.start.column)
            let lineEnd = text.unicodeScalars.count + 1
            let end = at.end.line == at.start.line && at.end.column > start ? at.end.column : (at.end.line > at.start.line ? lineEnd : start + 1)
            let marks = String(repeating: " ", count: start - 1) + String(repeating: "^", count: max(1, min(end, max(lineEnd, start + 1)) - start))
            out += " \(gutter) | \(paint(marks, levelColor))\n"
        }
        if let s = f.suggestion {
            let tag = s.applicability == .safe ? " (safe fix)" : s.applicability == .unsafe ? " (unsafe fix: --fix --unsafe)" : ""
            out += " \(gutter) = \(paint("help", "1;32")): \(s.message)\(tag)\n"
            for (line, rewritten) in rewrittenLines(r, s) {
                let n = String(line).padding(toLength: number.count, withPad: " ", startingAt: 0)
                out += " \(paint(n, "2")) | \(paint(rewritten, "32"))\n"
            }
        }
        return out
    }

    /// A line of the file as it may be shown (see `visible`).
    static func sourceLine(_ r: LintResult, _ line: Int) -> String? { rawLine(r, line).map(visible) }

    private static func rawLine(_ r: LintResult, _ line: Int) -> String? {
        guard line >= 1, line <= r.lines.count else { return nil }
        var text = String(r.lines[line - 1])
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }

    /// The longest source line quoted whole; a longer one (a binary file's "line") is cut.
    static let quotedLineLimit = 240

    /// Text from the file made safe to print on a terminal: a control character (an escape
    /// sequence would clear the screen or retitle the window, a NUL or bell is noise) becomes
    /// its one-column Unicode picture (␛, ␀, ␇…), so the underline still lines up; a tab stays.
    /// Past `quotedLineLimit` characters the rest is left out with "…".
    static func visible(_ text: String) -> String {
        var out = String.UnicodeScalarView(), count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if count > quotedLineLimit { out.append("…"); break }
            switch scalar.value {
            case 0x09: out.append(scalar)
            case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: out.append("\u{2421}")
            case 0x80..<0xA0: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Each line a suggestion edits, with its edits applied (edits within one line only).
    static func rewrittenLines(_ r: LintResult, _ s: Suggestion) -> [(Int, String)] {
        guard s.edits.allSatisfy({ $0.range.start.line == $0.range.end.line }) else { return [] }
        var out: [(Int, String)] = []
        for line in Set(s.edits.map(\.range.start.line)).sorted() {
            guard let text = rawLine(r, line) else { continue }
            var scalars = Array(text.unicodeScalars)
            let edits = s.edits.filter { $0.range.start.line == line }.sorted { $0.range.start.column > $1.range.start.column }
            for e in edits {
                let lo = min(scalars.count, max(0, e.range.start.column - 1)), hi = min(scalars.count, max(lo, e.range.end.column - 1))
                scalars.replaceSubrange(lo..<hi, with: Array(e.replacement.unicodeScalars))
            }
            out.append((line, visible(String(String.UnicodeScalarView(scalars)))))
        }
        return out
    }
}

extension LintResult {
    /// One finding as the terminal report shows it under its header: the learner's line with
    /// the words underlined, the suggestion, and the line rewritten (plain text).
    public func excerpt(of finding: Finding) -> String {
        TerminalReport.excerpt(finding, in: self, paint: { s, _ in s }, levelColor: "")
    }

    /// Distinct safe rewrites among the findings: what `lint --fix` would apply first.
    public var safeFixCount: Int {
        Set(findings.compactMap { $0.suggestion?.applicability == .safe ? $0.suggestion?.edits : nil }).count
    }
}
