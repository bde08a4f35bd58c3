import Foundation
import ProgressStore

/// `regrade`: brings the bundles' claims into the gradebook (verified, as `gradebook import`
/// does), re-grades them on the engines, and records every re-grade beside its claim.
public struct GradebookRegrade: Sendable {
    public var gradebook: ProgressStore
    public var regrader: ClassRegrader
    /// With a key, only bundles signed with it are taken.
    public var key: Data?
    public var toolVersion: String

    public init(gradebook: ProgressStore, regrader: ClassRegrader, key: Data?, toolVersion: String) {
        self.gradebook = gradebook
        self.regrader = regrader
        self.key = key
        self.toolVersion = toolVersion
    }

    public func run(bundles: [URL], onEvent: @escaping @Sendable (ClassRegrader.Event) -> Void = { _ in }) async throws -> RegradeSummary {
        var summary = RegradeSummary()
        var learners: [String] = []
        for result in try gradebook.importBundles(bundles, key: key) {
            var entry = RegradeSummary.Bundle(source: result.source)
            switch result.outcome {
            case .imported(let learner, let count, _):
                entry.learner = learner
                entry.newAttempts = count
            case .rejected(.duplicate(let learner, _)):
                // Already in the gradebook: its claims are there to re-grade all the same.
                entry.learner = learner
                entry.newAttempts = 0
            case .rejected(let error):
                entry.refused = error.description
            }
            if let learner = entry.learner, !learners.contains(learner) { learners.append(learner) }
            summary.bundles.append(entry)
        }
        summary.signaturesChecked = key != nil

        var jobs: [RegradeJob] = []
        for learner in learners { jobs += RegradeJob.jobs(for: try gradebook.attempts(of: learner)) }
        let outcomes = await regrader.run(jobs, onEvent: onEvent)

        // Recorded after the run, interrupted or not: what was graded is real and kept.
        let now = Date()
        for outcome in outcomes {
            for regraded in outcome.regraded {
                guard let id = regraded.claim.id else { continue }
                let record = try gradebook.recordRegrade(of: id, report: regraded.report, engine: regraded.engine,
                                                         toolVersion: toolVersion, at: now)
                summary.results.append(.init(claim: regraded.claim, report: regraded.report, record: record, retries: outcome.retries))
            }
            if let failure = outcome.failure {
                summary.failures.append(.init(learner: outcome.job.learnerID, exercise: outcome.job.exerciseID,
                                              reason: failure, retries: outcome.retries))
            }
        }
        return summary
    }
}

/// What a re-grade did: each bundle taken or refused, each attempt re-graded against its
/// claim, each job that could not be re-graded.
public struct RegradeSummary: Sendable {
    public struct Bundle: Sendable {
        public var source: String
        public var learner: String?
        /// Attempts the gradebook did not yet hold (0: the bundle was imported before).
        public var newAttempts: Int?
        public var refused: String?
    }

    public struct Result: Sendable {
        public var claim: Attempt
        public var report: GradeReport
        public var record: RegradeRecord
        public var retries: [ClassRegrader.Retry]
        public var differences: [RegradeDifference] { record.differences }
        public var agrees: Bool { record.differenceCount == 0 }
    }

    public struct Failure: Sendable {
        public var learner: String
        public var exercise: String
        public var reason: String
        public var retries: [ClassRegrader.Retry]
    }

    public var bundles: [Bundle] = []
    public var signaturesChecked = false
    public var results: [Result] = []
    public var failures: [Failure] = []

    public var refused: Int { bundles.filter { $0.refused != nil }.count }
    public var differing: Int { results.filter { !$0.agrees }.count }
    /// Every bundle taken, every claim re-graded, every re-grade as claimed.
    public var allAgree: Bool { refused == 0 && differing == 0 && failures.isEmpty }
    /// Jobs that found no engine to run on (the exit status says "engine", not "differences").
    public var engineFailures: Int { failures.filter { $0.reason.hasPrefix(ClassRegrader.noEngineLeft) }.count }
}
