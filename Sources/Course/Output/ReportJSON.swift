import Foundation
import ProgressStore

/// `check --format json`: the report as one JSON object, for scripts and CI.
public enum ReportJSON {
    struct Document: Encodable {
        struct Metrics: Encodable {
            var imageBytes: Int64?
            var baselineBytes: Int64?
            var layers: Int?
            var buildSeconds: Double?
        }
        struct Check: Encodable {
            var id: String
            var kind: String?
            var title: String
            var status: String
            var detail: String?
            var line: Int?
            var hint: String?
            var points: Double?
            var pointsPossible: Double?
        }
        var exercise: String
        var passed: Bool
        var score: Double
        var points: Double
        var pointsPossible: Double
        var metrics: Metrics
        var checks: [Check]
    }

    static func document(exercise: String, report: GradeReport) -> Document {
        Document(exercise: exercise, passed: report.passed, score: report.score, points: report.points,
                 pointsPossible: report.pointsPossible,
                 metrics: .init(imageBytes: report.metrics.imageBytes, baselineBytes: report.metrics.baselineBytes,
                                layers: report.metrics.layers, buildSeconds: report.metrics.buildSeconds),
                 checks: report.checks.map {
                     .init(id: $0.id, kind: $0.kind, title: $0.title, status: $0.status.rawValue, detail: $0.detail,
                           line: $0.line, hint: $0.hint, points: $0.points, pointsPossible: $0.pointsPossible)
                 })
    }

    public static func render(exercise: String, report: GradeReport) -> String {
        encode(document(exercise: exercise, report: report))
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and numbers cannot fail.
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// `check --format exercism`: the results.json of Exercism's test-runner interface,
/// version 3, so a platform that speaks it can use the grader. Each check is a test;
/// the overall status is `error` when nothing could be graded (the Dockerfile does not
/// parse), with the reason in `message`.
public enum ExercismResults {
    struct Document: Encodable {
        struct Test: Encodable {
            var name: String
            var status: String
            var message: String?
            var output: String?
        }
        var version = 3
        var status: String
        var message: String?
        var tests: [Test]
    }

    public static func render(report: GradeReport) -> String {
        let parse = report.checks.first { $0.kind == ParseCheck.kind }
        if let parse, parse.status != .pass {
            return ReportJSON.encode(Document(status: "error", message: parse.detail ?? "The Dockerfile does not parse.", tests: []))
        }
        let tests = report.checks.map { check -> Document.Test in
            let status: String
            switch check.status {
            case .pass: status = "pass"
            case .fail: status = "fail"
            case .skip, .error: status = "error"
            }
            var message = check.detail
            if check.status != .pass, let hint = check.hint { message = [message, "Hint: \(hint)"].compactMap { $0 }.joined(separator: "\n") }
            return Document.Test(name: check.title, status: status, message: check.status == .pass ? nil : message,
                                 output: check.status == .pass ? check.detail : nil)
        }
        return ReportJSON.encode(Document(status: report.passed ? "pass" : "fail", message: nil, tests: tests))
    }
}
