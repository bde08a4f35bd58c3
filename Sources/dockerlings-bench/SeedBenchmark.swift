import Foundation
import ProgressStore

/// `dockerlings-bench seed DB --learner ID --attempts N EXERCISE...`
///
/// Fills a progress database with N attempts of one learner spread over the exercises
/// given, for timing the learner's screens (`scripts/bench-screens.sh`) on a long history.
enum SeedBenchmark {
    static func run(_ arguments: [String]) throws {
        guard let path = arguments.first else { throw Usage() }
        var learnerID = "bench@example.org", count = 10_000, exercises: [String] = []
        var index = 1
        while index < arguments.count {
            switch arguments[index] {
            case "--learner": index += 1; learnerID = arguments[index]
            case "--attempts": index += 1; count = Int(arguments[index]) ?? count
            default: exercises.append(arguments[index])
            }
            index += 1
        }
        guard !exercises.isEmpty else { throw Usage() }
        let store = try ProgressStore.open(at: URL(fileURLWithPath: path))
        let learner = Learner(id: learnerID, name: learnerID)
        var batch: [(Learner, NewAttempt)] = []
        for n in 0..<count {
            // The first exercises passed, the rest attempted: a learner part-way through.
            let exerciseIndex = n % exercises.count
            var attempt = StoreBenchmark.attempt(exerciseIndex, learner: 0, index: n)
            attempt.exerciseID = exercises[exerciseIndex]
            if exerciseIndex >= exercises.count / 2 {
                attempt.report.checks[1].status = .fail
            }
            batch.append((learner, attempt))
        }
        try store.recordAll(batch)
        print("seeded \(try store.attemptCount()) attempts of \(learnerID) over \(exercises.count) exercises into \(path)")
    }

    struct Usage: Error, CustomStringConvertible {
        var description: String { "usage: dockerlings-bench seed DB [--learner ID] [--attempts N] EXERCISE..." }
    }
}
