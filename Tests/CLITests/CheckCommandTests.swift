import Foundation
import Testing
import TestSupport

/// `dockerlings check` and `verify` as a learner, an instructor and CI run them, on the
/// course's own flagship exercise.
@Suite struct CheckCommandTests {
    let binary = RepoPaths.product("dockerlings")
    let course = RepoPaths.root.path
    var solution: String { RepoPaths.root.appendingPathComponent("Exercises/multistage-flask/solution/Dockerfile").path }

    func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func staticChecksOfTheStarterNeedNoEngineAndExitOne() throws {
        let result = try runProcess(binary, ["check", "multistage-flask", "--course", course, "--no-build", "--no-record", "--format", "json"])
        #expect(result.status == 1)
        let report = try json(result.stdout)
        #expect(report["exercise"] as? String == "multistage-flask")
        #expect(report["passed"] as? Bool == false)
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(checks.first { $0["id"] as? String == "parse" }?["status"] as? String == "pass")
        let stages = try #require(checks.first { $0["id"] as? String == "stages" })
        #expect(stages["status"] as? String == "fail")
        #expect(stages["line"] as? Int == 1)
        #expect(checks.first { $0["id"] as? String == "build" }?["status"] as? String == "skip")
    }

    @Test func withoutANameTheExerciseIsTheFolderYouAreIn() throws {
        let folder = RepoPaths.root.appendingPathComponent("Exercises/entrypoint-cmd")
        let result = try runProcess(binary, ["check", "--no-build", "--no-record", "--format", "json"], currentDirectory: folder)
        #expect(try json(result.stdout)["exercise"] as? String == "entrypoint-cmd")
        let elsewhere = try runProcess(binary, ["check", "--no-build", "--no-record", "--course", course],
                                       currentDirectory: URL(fileURLWithPath: "/tmp"))
        #expect(elsewhere.status == 2)
        #expect(elsewhere.stderrText.contains("Which exercise?") && elsewhere.stderrText.contains("multistage-flask"))
    }

    @Test func anUnknownExerciseOrMissingFileExitsTwoAndSaysWhy() throws {
        let unknown = try runProcess(binary, ["check", "no-such-exercise", "--course", course, "--no-record"])
        #expect(unknown.status == 2)
        #expect(unknown.stderrText.contains("multistage-flask"))
        let missing = try runProcess(binary, ["check", "multistage-flask", "--course", course, "--no-record", "--dockerfile", "/nonexistent/Dockerfile"])
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("/nonexistent/Dockerfile"))
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func theSolutionPassesIsRecordedAndExplainsItsCommands() throws {
        let db = try RepoPaths.temporaryDirectory("check-cli").appendingPathComponent("progress.sqlite").path
        let result = try runProcess(binary, ["check", "multistage-flask", "--course", course, "--dockerfile", solution,
                                             "--db", db, "--learner", "ann@example.com", "--explain", "--plain"])
        #expect(result.status == 0, "\(result.stdoutText)\n\(result.stderrText)")
        #expect(result.stdoutText.contains("$ docker build"))
        #expect(result.stdoutText.contains("$ docker run --detach"))
        #expect(result.stdoutText.contains("passed — 100/100 points"))
        #expect(result.stdoutText.contains("baseline"))
        // Build progress goes to standard error as plain lines in a pipe.
        #expect(result.stderrText.contains("Building your image"))
        // progress reads the course: the exercise's title, its points, the flagship's size trend.
        let progress = try runProcess(binary, ["progress", "--db", db, "--learner", "ann@example.com", "--format", "json"])
        #expect(progress.status == 0)
        let summary = try json(progress.stdout)
        let exercises = try #require(summary["exercises"] as? [[String: Any]])
        let flagship = try #require(exercises.first { $0["exerciseID"] as? String == "multistage-flask" })
        #expect(flagship["status"] as? String == "done")
        #expect(flagship["exerciseTitle"] as? String == "Ship the Flask app in a slim, multi-stage image")
        #expect(flagship["pointsPossible"] as? Double == 100)
        let trend = try #require(summary["flagship"] as? [String: Any])
        #expect(trend["exerciseID"] as? String == "multistage-flask")
        #expect((trend["points"] as? [Any])?.count == 1)
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func exercismFormatForAPlatformThatSpeaksIt() throws {
        let result = try runProcess(binary, ["check", "multistage-flask", "--course", course, "--dockerfile", solution,
                                             "--no-record", "--format", "exercism"])
        #expect(result.status == 0)
        let document = try json(result.stdout)
        #expect(document["version"] as? Int == 3)
        #expect(document["status"] as? String == "pass")
        #expect((document["tests"] as? [Any])?.count == 13)
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func verifyProvesEveryShippedExercise() throws {
        let result = try runProcess(binary, ["verify", "--course", course, "--format", "json"])
        #expect(result.status == 0, "\(result.stdoutText)\n\(result.stderrText)")
        let list = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        #expect(!list.isEmpty)
        for entry in list {
            #expect(entry["starterFailed"] as? Bool == true, "\(entry)")
            #expect(entry["solutionPassed"] as? Bool == true, "\(entry)")
        }
        let flagship = try #require(list.first { $0["id"] as? String == "multistage-flask" })
        let image = try #require(flagship["imageBytes"] as? Int), baseline = try #require(flagship["baselineBytes"] as? Int)
        #expect(Double(image) < 0.6 * Double(baseline))
        #expect((flagship["starterFailingChecks"] as? [String])?.contains("size") == true)
    }
}
