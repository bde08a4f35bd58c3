import Foundation
import ProgressStore

/// `verify`: for every exercise, the starter must fail and the reference solution must
/// pass, with real builds. What whoever writes exercises (and CI) runs.
public struct Verifier: Sendable {
    public var grader: Grader
    /// Build without the cache: what a first run on a new machine costs.
    public var noCache: Bool

    public init(grader: Grader = Grader(), noCache: Bool = false) {
        self.grader = grader
        self.noCache = noCache
    }

    public struct Result: Sendable, Encodable {
        public var id: String
        public var starterFailed: Bool
        public var solutionPassed: Bool
        /// The starter's checks that did not pass (it must fail at least one).
        public var starterFailingChecks: [String]
        /// The solution's checks that did not pass (none, when it is right).
        public var solutionFailingChecks: [String]
        public var imageBytes: Int64?
        public var baselineBytes: Int64?
        public var seconds: Double
        public var ok: Bool { starterFailed && solutionPassed }
    }

    /// Grades the starter, then the solution. A file that cannot be graded at all counts
    /// as a failure of the exercise, with the reason.
    public func verify(_ exercise: Exercise, onEvent: @escaping @Sendable (String, GradingEvent) -> Void = { _, _ in }) async -> Result {
        let started = Date()
        let starter: GradeReport, solution: GradeReport
        do {
            starter = try await grader.grade(GradeRequest(exercise: exercise, dockerfile: exercise.starterDockerfile, exerciseFolder: exercise.folder, noCache: noCache)) {
                onEvent("starter", $0)
            }
            // A quiz's right answers are kept beside the reference Dockerfile.
            let answers = exercise.solutionDockerfile.deletingLastPathComponent()
            solution = try await grader.grade(GradeRequest(exercise: exercise, dockerfile: exercise.solutionDockerfile, exerciseFolder: exercise.folder,
                                                           noCache: noCache, answersFolder: answers)) {
                onEvent("solution", $0)
            }
        } catch {
            return Result(id: exercise.id, starterFailed: false, solutionPassed: false, starterFailingChecks: [],
                          solutionFailingChecks: ["could not grade: \(error)"], seconds: Date().timeIntervalSince(started))
        }
        return Result(id: exercise.id, starterFailed: !starter.passed, solutionPassed: solution.passed,
                      starterFailingChecks: starter.checks.filter { $0.status != .pass }.map(\.id),
                      solutionFailingChecks: solution.checks.filter { $0.status != .pass }.map { "\($0.id): \($0.detail ?? $0.status.rawValue)" },
                      imageBytes: solution.metrics.imageBytes, baselineBytes: solution.metrics.baselineBytes,
                      seconds: Date().timeIntervalSince(started))
    }

    public static func json(_ results: [Result]) -> String { ReportJSON.encode(results) }
}
