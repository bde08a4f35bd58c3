import Course
import Foundation
import ProgressStore

extension StoreOptions {
    /// Records one graded attempt (check and watch): the report and the Dockerfile as graded.
    func record(exercise: Exercise, report: GradeReport, dockerfile: Data, started: Date, finished: Date) throws {
        let learner = resolvedLearner()
        // As shown: bytes that are not UTF-8 replaced (the store replaces NUL itself); a file
        // over the grader's limit, refused ungraded, is not kept.
        let text = KeptDockerfile.text(for: dockerfile)
        do {
            let progress = try openStore()
            // Hints seen so far: those the previous attempt carried, and every level revealed by `hint`.
            let previous = try progress.attempts(of: learner.id).last { $0.exerciseID == exercise.id }
            var seen = previous.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.hintsSeen.utf8)) } ?? []
            let revealed = try progress.hintsRevealed(of: learner.id, exercise: exercise.id)
            for level in stride(from: 1, through: revealed, by: 1) where !seen.contains("hint \(level)") { seen.append("hint \(level)") }
            try progress.record(NewAttempt(exerciseID: exercise.id, startedAt: started, finishedAt: finished, report: report,
                                           dockerfile: text, toolVersion: DockerlingsVersion.current, hintsSeen: seen),
                                by: learner)
        } catch let error as ProgressStoreError {
            throw CommandFailure(status: 2, message: "The grade above was not recorded: \(error.description)")
        }
    }
}
