import Foundation
import ProgressStore
import TestSupport

/// Small builders shared by the store's tests. Every test gets its own temporary folder.
enum Fixture {
    static let ann = Learner(id: "ann@example.com", name: "Ann")
    static let bob = Learner(id: "bob@example.com", name: "Bob")

    static func report(passed: Bool, image: Int64? = 40_000_000, baseline: Int64? = 120_000_000) -> GradeReport {
        GradeReport(
            checks: [
                .init(id: "lint", title: "Lint is clean", status: .pass),
                .init(id: "stages", title: "At least two stages", status: passed ? .pass : .fail,
                      detail: passed ? nil : "found 1 stage", hint: "add a builder stage"),
                .init(id: "healthcheck", title: "HEALTHCHECK present", status: passed ? .pass : .skip),
            ],
            metrics: .init(imageBytes: image, baselineBytes: baseline, layers: 5, buildSeconds: 1.5),
            points: passed ? 10 : 4, pointsPossible: 10)
    }

    static func attempt(_ exercise: String = "flask-multistage", passed: Bool = true, image: Int64? = 40_000_000,
                        at start: Date = Date(timeIntervalSince1970: 1_800_000_000), hints: [String] = []) -> NewAttempt {
        NewAttempt(exerciseID: exercise, startedAt: start, finishedAt: start.addingTimeInterval(12),
                   report: report(passed: passed, image: image), dockerfile: "FROM python:3.12-slim\nUSER app\n",
                   toolVersion: "0.1.0-test", hintsSeen: hints)
    }

    static let catalog = [
        ExerciseInfo(id: "hello", title: "Hello, Dockerfile", points: 10),
        ExerciseInfo(id: "flask-multistage", title: "Slim Flask image", points: 30, isFlagship: true),
        ExerciseInfo(id: "healthcheck", title: "Health checks", points: 10),
    ]

    /// A fresh folder and a store inside it.
    static func store() throws -> (ProgressStore, URL) {
        let dir = try RepoPaths.temporaryDirectory("store-test")
        let store = try ProgressStore.open(at: dir.appendingPathComponent("progress.sqlite"))
        return (store, dir)
    }

    static func bytes(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }

    static func cleanUp(_ dir: URL) { try? FileManager.default.removeItem(at: dir) }
}
