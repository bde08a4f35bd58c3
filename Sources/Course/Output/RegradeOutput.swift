import Foundation
import ProgressStore

/// `regrade`'s answer: per learner and exercise, what was claimed and what the re-grade
/// found, with every difference flagged; as text for the instructor, or JSON.
public enum RegradeOutput {
    public static func text(_ summary: RegradeSummary) -> String {
        var lines: [String] = []
        for bundle in summary.bundles {
            if let refused = bundle.refused {
                lines.append("REFUSED   \(bundle.source): \(refused)")
            } else if let learner = bundle.learner {
                let what = bundle.newAttempts == 0 ? "already in the gradebook" : "\(bundle.newAttempts ?? 0) new attempt(s)"
                lines.append("bundle    \(bundle.source): \(learner), \(what)\(summary.signaturesChecked ? ", signature verified" : "")")
            }
        }
        if !summary.signaturesChecked {
            lines.append("(signatures not checked: pass --key to require bundles signed by the class's key)")
        }
        if !summary.results.isEmpty { lines.append("") }
        for result in summary.results {
            let claim = result.claim
            let verdict = result.agrees ? "agrees" : "DIFFERS"
            lines.append("\(verdict.padding(toLength: 9, withPad: " ", startingAt: 0)) \(claim.learnerID)  \(claim.exerciseID) #\(claim.seq): "
                         + "claimed \(score(claim.score)) \(claim.passed ? "passed" : "not passed"), "
                         + "re-graded \(score(result.report.score)) \(result.report.passed ? "passed" : "not passed") on \(result.record.engine)")
            for difference in result.differences {
                var line = "          - \(difference.description)"
                if let detail = difference.detail?.split(separator: "\n").first { line += " (\(detail))" }
                lines.append(line)
            }
            for retry in result.retries {
                lines.append("          retried: \(retry.engine) stopped answering; graded again on \(result.record.engine)")
            }
        }
        for failure in summary.failures {
            lines.append("NOT DONE  \(failure.learner)  \(failure.exercise): \(failure.reason)")
            for retry in failure.retries { lines.append("          lost engine: \(retry.engine)") }
        }
        lines.append("")
        let learners = Set(summary.results.map(\.claim.learnerID)).count
        let engines = Set(summary.results.map(\.record.engine)).count
        var tail = "Re-graded \(summary.results.count) attempt(s) of \(learners) learner(s) on \(engines) engine(s): "
        tail += summary.differing == 0 ? "every claim confirmed" : "\(summary.differing) differ(s) from the claim"
        if summary.refused > 0 { tail += "; \(summary.refused) bundle(s) refused" }
        if !summary.failures.isEmpty { tail += "; \(summary.failures.count) not re-graded" }
        lines.append(tail + ".")
        return lines.joined(separator: "\n")
    }

    struct Document: Encodable {
        struct Bundle: Encodable {
            var source: String
            var status: String
            var learner: String?
            var newAttempts: Int?
            var reason: String?
        }
        struct Check: Encodable {
            var id: String
            var status: String
            var detail: String?
        }
        struct Grade: Encodable {
            var score: Double
            var passed: Bool
            var points: Double
            var pointsPossible: Double
            var imageBytes: Int64?
            var checks: [Check]
        }
        struct Result: Encodable {
            var learner: String
            var exercise: String
            var seq: Int
            var engine: String
            var agrees: Bool
            var claimed: Grade
            var regraded: Grade
            var differences: [RegradeDifference]
            var retries: [ClassRegrader.Retry]
        }
        struct Failure: Encodable {
            var learner: String
            var exercise: String
            var reason: String
            var retries: [ClassRegrader.Retry]
        }
        struct Summary: Encodable {
            var attempts: Int
            var differing: Int
            var refused: Int
            var notRegraded: Int
            var allAgree: Bool
            var signaturesChecked: Bool
        }
        var bundles: [Bundle]
        var results: [Result]
        var failures: [Failure]
        var summary: Summary
    }

    public static func json(_ summary: RegradeSummary) -> String {
        let bundles = summary.bundles.map { bundle in
            Document.Bundle(source: bundle.source,
                            status: bundle.refused != nil ? "refused" : bundle.newAttempts == 0 ? "already-imported" : "imported",
                            learner: bundle.learner, newAttempts: bundle.newAttempts, reason: bundle.refused)
        }
        let results = summary.results.map { result in
            let claimed = (try? result.claim.decodedReport())?.checks ?? []
            return Document.Result(
                learner: result.claim.learnerID, exercise: result.claim.exerciseID, seq: result.claim.seq,
                engine: result.record.engine, agrees: result.agrees,
                claimed: .init(score: result.claim.score, passed: result.claim.passed, points: result.claim.points,
                               pointsPossible: result.claim.pointsPossible, imageBytes: result.claim.imageBytes,
                               checks: claimed.map { .init(id: $0.id, status: $0.status.rawValue, detail: $0.detail) }),
                regraded: .init(score: result.report.score, passed: result.report.passed, points: result.report.points,
                                pointsPossible: result.report.pointsPossible, imageBytes: result.report.metrics.imageBytes,
                                checks: result.report.checks.map { .init(id: $0.id, status: $0.status.rawValue, detail: $0.detail) }),
                differences: result.differences, retries: result.retries)
        }
        let failures = summary.failures.map {
            Document.Failure(learner: $0.learner, exercise: $0.exercise, reason: $0.reason, retries: $0.retries)
        }
        return ReportJSON.encode(Document(
            bundles: bundles, results: results, failures: failures,
            summary: .init(attempts: summary.results.count, differing: summary.differing, refused: summary.refused,
                           notRegraded: summary.failures.count, allAgree: summary.allAgree,
                           signaturesChecked: summary.signaturesChecked)))
    }

    static func score(_ value: Double) -> String {
        (value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)) + "%"
    }
}
