import Foundation
import ImageAnalysis
import ProgressStore

/// `check`'s terminal report: one block per check as it finishes, then the score and the
/// sizes. Colour is optional (NO_COLOR, a pipe, `--plain`).
public struct ReportText: Sendable {
    public var colour: Bool
    /// The terminal's columns: longer lines wrap to fit (nil: no wrapping, as for a file).
    public var width: Int?

    public init(colour: Bool, width: Int? = nil) {
        self.colour = colour
        self.width = width.map { max(40, $0) }
    }

    func fitted(_ text: String) -> String { width.map { LineWrap.fit(text, width: $0) } ?? text }

    private var paint: Paint { Paint(colour: colour) }

    public func mark(_ status: GradeReport.Status) -> String {
        switch status {
        case .pass: paint("✓", "32")
        case .fail: paint("✗", "31")
        case .error: paint("!", "31")
        case .skip: paint("–", "2")
        }
    }

    /// One check: a status line, then its detail and hint, indented.
    public func check(_ check: GradeReport.Check) -> String {
        let points = check.pointsPossible.map { possible in
            "  " + paint("\(Self.number(check.points ?? 0))/\(Self.number(possible))", "2")
        } ?? ""
        let line = check.line.flatMap { n in check.detail?.contains("line \(n)") == true ? nil : paint(" (line \(n))", "2") } ?? ""
        var out = ["  \(mark(check.status)) \(check.title)\(line)\(points)"]
        if let detail = check.detail, !detail.isEmpty, check.status != .pass || !detail.contains("\n") {
            let style = check.status == .pass || check.status == .skip ? "2" : "0"
            out += detail.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + paint(String($0), style) }
        }
        if let hint = check.hint, check.status == .fail || check.status == .error {
            out.append("      " + paint("hint: ", "33") + hint.split(separator: "\n").joined(separator: "\n            "))
            for (lesson, section) in Self.lessonSections(in: hint + "\n" + (check.detail ?? "")) {
                out.append("      " + paint("read: ", "36") + "dockerlings read \(lesson) --section \"\(section)\"")
            }
        }
        return fitted(out.joined(separator: "\n"))
    }

    /// The lesson sections a hint names, in the course's wording: `lesson 07 "Title", section
    /// "Heading"` (each at most once, in order).
    static func lessonSections(in text: String) -> [(lesson: String, section: String)] {
        let flat = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "  ", with: " ")
        guard let pattern = try? NSRegularExpression(pattern: #"[Ll]esson (\d+) "[^"]*",? sections? "([^"]+)""#) else { return [] }
        var found: [(String, String)] = []
        for match in pattern.matches(in: flat, range: NSRange(flat.startIndex..., in: flat)) {
            guard let lesson = Range(match.range(at: 1), in: flat), let section = Range(match.range(at: 2), in: flat) else { continue }
            let pair = (String(flat[lesson]), String(flat[section]))
            if !found.contains(where: { $0 == pair }) { found.append(pair) }
        }
        return found
    }

    /// An exercise's grade in one line, for a list of grades (`watch`'s check of every exercise).
    public func line(exercise: String, report: GradeReport) -> String {
        let open = report.checks.filter { $0.status != .pass }.count
        return "  \(mark(report.passed ? .pass : .fail)) \(exercise)  " + paint("\(Self.number(report.points))/\(Self.number(report.pointsPossible)) points", "2")
            + (open > 0 ? paint(", \(open) check\(open == 1 ? "" : "s") to go", "2") : "")
    }

    /// The score, the verdict and the measured sizes.
    public func summary(exercise: String, report: GradeReport) -> String {
        var out: [String] = [""]
        let verdict = report.passed ? paint("passed", "1;32") : paint("not passed", "1;31")
        out.append("\(exercise): \(verdict) — \(Self.number(report.points))/\(Self.number(report.pointsPossible)) points (\(Self.number(report.score))%)")
        if let image = report.metrics.imageBytes {
            var sizes = "image \(formatBytes(image))"
            if let baseline = report.metrics.baselineBytes, baseline > 0 {
                sizes += ", baseline \(formatBytes(baseline)) (" + String(format: "%.0f%%", Double(image) / Double(baseline) * 100) + " of it)"
            }
            if let layers = report.metrics.layers { sizes += ", \(layers) layers" }
            out.append(paint(sizes, "2"))
        }
        if !report.passed {
            let open = report.checks.filter { $0.status != .pass }
            let skipped = open.filter { $0.status == .skip }.count
            var next = "\(open.count) check\(open.count == 1 ? "" : "s") to go"
            if skipped == open.count && skipped > 0 { next += " (not run: see above why)" }
            out.append(next)
        }
        return fitted(out.joined(separator: "\n"))
    }

    public func report(exercise: String, report: GradeReport) -> String {
        (report.checks.map(check) + [summary(exercise: exercise, report: report)]).joined(separator: "\n")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
