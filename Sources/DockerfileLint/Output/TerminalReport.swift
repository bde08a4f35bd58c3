/// The human report: `file:line:col code level: message`, the source line with a caret
/// under the span, and the rule's one-line fix.
enum TerminalReport {
    static func render(_ results: [LintResult], color: Bool) -> String {
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        var out = ""
        for r in results {
            for f in r.findings {
                let levelColor: String
                switch f.severity {
                case .error: levelColor = "1;31"
                case .warning: levelColor = "1;33"
                case .info: levelColor = "1;36"
                default: levelColor = "2"
                }
                out += "\(paint("\(f.file):\(f.line):\(f.column)", "1")) \(paint(f.code, levelColor)) \(paint(f.severity.rawValue, levelColor)): \(f.message)\n"
                if f.line >= 1, f.line <= r.lines.count {
                    var text = String(r.lines[f.line - 1])
                    if text.hasSuffix("\r") { text.removeLast() }
                    let number = String(f.line)
                    let gutter = String(repeating: " ", count: number.count)
                    out += " \(paint(number, "2")) | \(text)\n"
                    let start = max(1, f.column)
                    var width = 1
                    if f.range.end.line == f.range.start.line, f.range.end.column > start {
                        width = f.range.end.column - start
                    } else if f.range.end.line > f.range.start.line {
                        width = max(1, text.count - start + 1)
                    }
                    let caret = String(repeating: " ", count: start - 1) + "^" + String(repeating: "~", count: max(0, width - 1))
                    out += " \(gutter) | \(paint(caret, levelColor))\n"
                }
                if let d = RuleCatalogue.description(for: f.code) {
                    out += " \(String(repeating: " ", count: String(f.line).count)) = fix: \(d.fix)\n"
                }
            }
        }
        return out
    }
}
