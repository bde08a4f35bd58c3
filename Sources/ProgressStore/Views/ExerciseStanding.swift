import Foundation
import GRDB

/// Where one learner stands on one exercise: the row of the detailed export, and the line
/// of the progress view.
public struct ExerciseStanding: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable {
        case done = "done"
        case inProgress = "in progress"
        case notStarted = "not started"
    }

    public var learnerID: String
    public var learnerName: String
    public var exerciseID: String
    public var exerciseTitle: String
    public var status: Status
    /// Best score in percent, nil before the first attempt.
    public var bestScore: Double?
    /// Best rubric points earned, out of `pointsPossible`.
    public var points: Double
    public var pointsPossible: Double
    public var attempts: Int
    public var firstAttemptAt: Date?
    public var lastAttemptAt: Date?
    /// The smallest image any attempt built.
    public var bestImageBytes: Int64?
    /// The naive baseline measured alongside that image.
    public var baselineBytes: Int64?
    /// How much smaller than the baseline the best image is, in percent.
    public var reductionPercent: Double?
    public var hintsUsed: Int
    /// Active time: attempts' durations plus the gaps between them shorter than `idleGap`.
    public var timeSpentSeconds: Double
    /// The attempt with the best score (its checks feed JUnit and JSON exports).
    public var bestAttemptID: Int64?
    /// What the instructor's re-grades found, when any attempt of this exercise was re-graded
    /// (`dockerlings regrade`); the fields above stay what the learner's machine claimed.
    public var regraded: RegradedStanding? = nil

    /// The points that count: the re-graded ones when there are, else the claimed ones.
    public var gradedPoints: Double { regraded?.points ?? points }

    /// A pause longer than this between attempts counts as a break, not as work.
    public static let idleGap: Int64 = 30 * 60 * 1000
}

extension ProgressStore {
    /// One standing per learner and exercise, learners by id, exercises in catalogue order
    /// (then any exercise that has attempts but is not in the catalogue, by id).
    /// `learnerID` restricts it to one learner.
    public func standings(catalog: [ExerciseInfo], learnerID: String? = nil) throws -> [ExerciseStanding] {
        try guarded {
            try pool.read { db in try Self.standings(db, catalog: catalog, learnerID: learnerID) }
        }
    }

    private struct Accumulator {
        var attempts = 0
        var firstMs: Int64 = .max
        var lastMs: Int64 = .min
        var bestScore = -Double.infinity
        var bestPoints = 0.0
        var possible = 0.0
        var passed = false
        var bestImage: Int64?
        var baseline: Int64?
        var hints = 0
        var activeMs: Int64 = 0
        var previousFinishMs: Int64?
        var bestAttemptID: Int64?
    }

    /// The attempts' columns the standings add up, in the order they are added up: all of
    /// them in the `attempt_standing` index, so the rows themselves are never read.
    static func attemptsSQL(oneLearner: Bool) -> String {
        """
        SELECT id, learnerID, exerciseID, startedAtMs, finishedAtMs, passed, score, points,
               pointsPossible, imageBytes, baselineBytes, hintCount
        FROM attempt \(oneLearner ? "WHERE learnerID = ?" : "") ORDER BY learnerID, exerciseID, seq
        """
    }

    static func standings(_ db: Database, catalog: [ExerciseInfo], learnerID: String?) throws -> [ExerciseStanding] {
        let learnerFilter = learnerID == nil ? "" : "WHERE id = ?"
        let learnerArgs: StatementArguments = learnerID.map { [$0] } ?? []
        let learners = try Row.fetchAll(db, sql: "SELECT id, name FROM learner \(learnerFilter) ORDER BY id", arguments: learnerArgs)
            .map { (id: $0[0] as String, name: $0[1] as String) }

        var accumulators: [String: [String: Accumulator]] = [:]
        let rows = try Row.fetchCursor(db, sql: attemptsSQL(oneLearner: learnerID != nil), arguments: learnerArgs)
        var currentLearner = "", currentExercise = ""
        var acc = Accumulator()
        var started = false
        func flush() {
            if started { accumulators[currentLearner, default: [:]][currentExercise] = acc }
        }
        while let row = try rows.next() {
            let learner: String = row[1], exercise: String = row[2]
            if !started || learner != currentLearner || exercise != currentExercise {
                flush()
                currentLearner = learner
                currentExercise = exercise
                acc = Accumulator()
                started = true
            }
            let startMs: Int64 = row[3], finishMs: Int64 = row[4]
            let score: Double = row[6]
            acc.attempts += 1
            acc.firstMs = min(acc.firstMs, startMs)
            acc.lastMs = max(acc.lastMs, finishMs)
            if score >= acc.bestScore { acc.bestScore = score; acc.bestAttemptID = row[0] }
            acc.bestPoints = max(acc.bestPoints, row[7])
            acc.possible = max(acc.possible, row[8])
            if row[5] as Bool { acc.passed = true }
            if let image: Int64 = row[9], image < (acc.bestImage ?? .max) {
                acc.bestImage = image
                acc.baseline = row[10]
            }
            acc.hints = max(acc.hints, row[11])
            acc.activeMs += max(0, finishMs - startMs)
            if let previous = acc.previousFinishMs, startMs > previous, startMs - previous <= ExerciseStanding.idleGap {
                acc.activeMs += startMs - previous
            }
            acc.previousFinishMs = finishMs
        }
        flush()
        let regrades = try regradedStandings(db, learnerID: learnerID)
        let reveals = try hintsRevealed(db, learnerID: learnerID)

        var exercises = catalog
        let known = Set(catalog.map(\.id))
        var extras: [String: Double] = [:]
        for perLearner in accumulators.values {
            for (exercise, a) in perLearner where !known.contains(exercise) {
                extras[exercise] = max(extras[exercise] ?? 0, a.possible)
            }
        }
        for id in extras.keys.sorted() {
            exercises.append(ExerciseInfo(id: id, title: id, points: extras[id] ?? 0))
        }

        var result: [ExerciseStanding] = []
        result.reserveCapacity(learners.count * exercises.count)
        for learner in learners {
            let mine = accumulators[learner.id] ?? [:]
            for exercise in exercises {
                let revealed = reveals[learner.id]?[exercise.id] ?? 0
                guard let a = mine[exercise.id] else {
                    result.append(ExerciseStanding(
                        learnerID: learner.id, learnerName: learner.name, exerciseID: exercise.id,
                        exerciseTitle: exercise.title, status: .notStarted, bestScore: nil, points: 0,
                        pointsPossible: exercise.points, attempts: 0, firstAttemptAt: nil, lastAttemptAt: nil,
                        bestImageBytes: nil, baselineBytes: nil, reductionPercent: nil, hintsUsed: revealed,
                        timeSpentSeconds: 0, bestAttemptID: nil))
                    continue
                }
                // Scale rubric points to the catalogue's weight when the two differ.
                let possible = exercise.points > 0 ? exercise.points : a.possible
                let earned = a.possible > 0 ? a.bestPoints / a.possible * possible : 0
                var reduction: Double?
                if let image = a.bestImage, let baseline = a.baseline, baseline > 0 {
                    reduction = ((1 - Double(image) / Double(baseline)) * 100).rounded(toPlaces: 1)
                }
                var regraded = regrades[learner.id]?[exercise.id]
                if let fraction = regraded?.points { regraded?.points = (fraction * possible).rounded(toPlaces: 2) }
                result.append(ExerciseStanding(
                    learnerID: learner.id, learnerName: learner.name, exerciseID: exercise.id,
                    exerciseTitle: exercise.title, status: a.passed ? .done : .inProgress,
                    bestScore: a.bestScore, points: earned.rounded(toPlaces: 2), pointsPossible: possible,
                    attempts: a.attempts, firstAttemptAt: date(a.firstMs), lastAttemptAt: date(a.lastMs),
                    bestImageBytes: a.bestImage, baselineBytes: a.baseline, reductionPercent: reduction,
                    hintsUsed: max(a.hints, revealed), timeSpentSeconds: Double(a.activeMs) / 1000, bestAttemptID: a.bestAttemptID,
                    regraded: regraded))
            }
        }
        return result
    }

    /// The hint levels each learner revealed per exercise (`hint`), attempt or not: an
    /// attempt carries only those revealed before it.
    static func hintsRevealed(_ db: Database, learnerID: String?) throws -> [String: [String: Int]] {
        let filter = learnerID == nil ? "" : "WHERE learnerID = ?"
        let rows = try Row.fetchCursor(db, sql: "SELECT learnerID, exerciseID, MAX(level) FROM hintReveal \(filter) GROUP BY learnerID, exerciseID",
                                       arguments: learnerID.map { [$0] } ?? [])
        var result: [String: [String: Int]] = [:]
        while let row = try rows.next() { result[row[0] as String, default: [:]][row[1] as String] = row[2] as Int }
        return result
    }

    static func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }
}
