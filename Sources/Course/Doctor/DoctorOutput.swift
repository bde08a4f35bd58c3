import Foundation

/// `doctor`'s report as a person reads it: one line per check, the fix under each that is not ok.
public struct DoctorText: Sendable {
    public var colour: Bool

    public init(colour: Bool) { self.colour = colour }

    private func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    public func render(_ report: DoctorReport) -> String {
        var lines: [String] = []
        for check in report.checks {
            let mark: String
            switch check.status {
            case .ok: mark = paint("✓", "32")
            case .warning: mark = paint("!", "33")
            case .problem: mark = paint("✗", "31")
            }
            let label = check.status == .ok ? check.title : "\(check.title) (\(check.status.rawValue))"
            lines.append("  \(mark) \(label): \(check.found)")
            if let fix = check.fix { lines.append("      " + paint("fix: ", "33") + fix) }
        }
        let problems = report.count(.problem), warnings = report.count(.warning)
        let counts = "\(problems) problem\(problems == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        lines.append("")
        lines.append(report.healthy
            ? paint("Ready: everything the course needs works", "1;32") + " (\(counts))."
            : paint("Not ready", "1;31") + " (\(counts)): fix the problems above, then run `dockerlings doctor` again.")
        return lines.joined(separator: "\n")
    }
}

/// `doctor --format json`: `{"healthy", "problems", "warnings", "checks": [{"id", "title", "status", "found", "fix"}]}`.
public enum DoctorJSON {
    struct Document: Encodable {
        var healthy: Bool
        var problems: Int
        var warnings: Int
        var checks: [DoctorCheck]
    }

    public static func render(_ report: DoctorReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let document = Document(healthy: report.healthy, problems: report.count(.problem), warnings: report.count(.warning), checks: report.checks)
        return (try? encoder.encode(document)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
