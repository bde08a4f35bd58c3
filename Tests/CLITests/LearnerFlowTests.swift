import Foundation
import Testing
import TestSupport

/// The learner's commands on a fresh machine: a temporary HOME, run from a folder outside
/// any checkout, so the course comes from the binary itself (the embedded course).
@Suite struct LearnerFlowTests {
    let fresh: FreshHome
    var binary: URL { fresh.binary }
    var home: URL { fresh.home }
    var environment: [String: String] { fresh.environment }

    init() throws {
        fresh = try FreshHome("learner-home")
    }

    @discardableResult
    func run(_ arguments: [String], in folder: URL? = nil) throws -> ProcessResult {
        try fresh.run(arguments, in: folder)
    }

    func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "not JSON: \(result.stdoutText) \(result.stderrText)")
    }

    var workspace: URL { home.appendingPathComponent("dockerlings") }

    @Test func theHomeScreenOnAFreshMachineMakesEverythingAndPointsAtTheFirstLesson() throws {
        let result = try run([])
        #expect(result.status == 0, "\(result.stderrText)")
        let screen = result.stdoutText
        #expect(screen.contains("Made your workspace ~/dockerlings"))
        #expect(screen.contains("0/11 exercises passed · 0/12 lessons read"))
        #expect(screen.contains("Next: read lesson 01"), "\(screen)")
        #expect(screen.contains("dockerlings read 01"))
        #expect(screen.contains("Then: exercise first-dockerfile"))
        // The workspace holds each exercise's starter; the data folder the course and the database.
        #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("first-dockerfile/Dockerfile").path))
        #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent("first-dockerfile/solution").path))
        let data = home.appendingPathComponent(".local/share/dockerlings")
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("progress.sqlite").path))
        let unpacked = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("course").path)
        #expect(unpacked.count == 1, "one unpacked course version: \(unpacked)")
        // The second time: nothing made again.
        let again = try run([])
        #expect(!again.stdoutText.contains("Made your workspace"))
    }

    @Test func readingALessonMarksItAndTheNextStepMovesOn() throws {
        try run([])
        let read = try run(["read", "01", "--no-pager", "--plain"])
        #expect(read.status == 0, "\(read.stderrText)")
        #expect(read.stdoutText.contains("Images"))
        let list = try json(run(["list", "--format", "json"]))
        let lessons = try #require(list["lessons"] as? [[String: Any]])
        #expect(lessons.first?["read"] as? Bool == true)
        #expect(lessons.dropFirst().allSatisfy { $0["read"] as? Bool == false })
        #expect(list["lessonsRead"] as? Int == 1)
        let next = try #require(list["next"] as? [String: Any])
        #expect(next["command"] as? String == "dockerlings read 02")
        // Both lessons before the first exercise read: the exercise is next.
        try run(["read", "base-images", "--no-pager", "--plain"])
        let home = try run(["--plain"]).stdoutText
        #expect(home.contains("Next: exercise first-dockerfile"), "\(home)")
        // Wrapped to 80 columns at the end of a phrase, never inside the command.
        #expect(home.contains("edit ~/dockerlings/first-dockerfile/Dockerfile,\n        then dockerlings check first-dockerfile"), "\(home)")
        #expect(home.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(home)")
    }

    @Test func hintRevealsOneMoreLevelEachTimeAndTheAttemptCarriesThem() throws {
        let first = try run(["hint", "first-dockerfile", "--plain"])
        #expect(first.status == 0, "\(first.stderrText)")
        #expect(first.stdoutText.contains("1/") && !first.stdoutText.contains("\n2/"))
        let second = try run(["hint", "first-dockerfile", "--plain"])
        #expect(second.stdoutText.contains("1/") && second.stdoutText.contains("2/"))
        // The hint levels seen are recorded with the next attempt, where an instructor sees them.
        let check = try run(["check", "first-dockerfile", "--no-build"])
        #expect(check.status == 1, "\(check.stdoutText)\(check.stderrText)")
        let progress = try json(run(["progress", "--format", "json"]))
        let exercises = try #require(progress["exercises"] as? [[String: Any]])
        #expect(exercises.first { $0["exerciseID"] as? String == "first-dockerfile" }?["hintsUsed"] as? Int == 2)
    }

    @Test func resetAsksFirstAndKeepsTheLearnersFile() throws {
        try run([])
        let file = workspace.appendingPathComponent("first-dockerfile/Dockerfile")
        let starter = try String(contentsOf: file, encoding: .utf8)
        try "FROM scratch\n# mine\n".write(to: file, atomically: true, encoding: .utf8)
        let refused = try run(["reset", "first-dockerfile"])
        #expect(refused.status == 2 && refused.stderrText.contains("--yes"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "FROM scratch\n# mine\n")
        let reset = try run(["reset", "first-dockerfile", "--yes"])
        #expect(reset.status == 0, "\(reset.stderrText)")
        #expect(try String(contentsOf: file, encoding: .utf8) == starter)
        let backups = workspace.appendingPathComponent(".dockerlings/backups")
        let saved = try FileManager.default.contentsOfDirectory(atPath: backups.path)
        #expect(saved.count == 1 && saved[0].hasPrefix("first-dockerfile-"))
        #expect(try String(contentsOf: backups.appendingPathComponent(saved[0]).appendingPathComponent("Dockerfile"), encoding: .utf8)
                == "FROM scratch\n# mine\n")
    }

    @Test func aMistypedExerciseIsRefusedWithTheNearestName() throws {
        let result = try run(["check", "first-dockerfil", "--no-build"])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("Did you mean first-dockerfile?"), "\(result.stderrText)")
        let hint = try run(["hint", "multistage-flsk"])
        #expect(hint.status == 2 && hint.stderrText.contains("Did you mean multistage-flask?"))
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func theSolutionStaysHiddenUntilPassedThenShowsBesideYoursWithSizes() throws {
        try run([])
        let hidden = try run(["solution", "first-dockerfile"])
        #expect(hidden.status == 1 && hidden.stderrText.contains("not passed first-dockerfile yet"))
        #expect(!hidden.stdoutText.contains("WORKDIR /app"))
        // Pass it for real (a build on the engine), then ask again.
        let answer = workspace.appendingPathComponent("first-dockerfile/Dockerfile")
        try "FROM python:3.12-slim\nWORKDIR /app\nCOPY hello.py .\nCMD [\"python\", \"hello.py\"]\n"
            .write(to: answer, atomically: true, encoding: .utf8)
        let check = try run(["check", "first-dockerfile", "--plain"])
        #expect(check.status == 0, "\(check.stdoutText)\(check.stderrText)")
        let shown = try run(["solution", "first-dockerfile", "--plain", "--width", "160"])
        #expect(shown.status == 0, "\(shown.stderrText)")
        let lines = shown.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("yours (attempt 1)") == true && lines.first?.contains(" │ reference") == true, "\(shown.stdoutText)")
        // Side by side at 160 columns: the learner's line and the reference's on one row.
        #expect(lines.contains { $0.hasPrefix("FROM python:3.12-slim ") && $0.hasSuffix(" │ # A base pinned by its tag: every build starts from the same Python.") })
        // first-dockerfile grades no size, yet both images are measured: the learner's now,
        // from the Dockerfile recorded when it passed, the reference by grading it.
        let title = try #require(lines.first)
        #expect(title.contains(" MB (measured now) │ reference · ") && title.hasSuffix(" MB"), "\(title)")
        #expect(shown.stdoutText.contains("× the reference's size."), "\(shown.stdoutText)")
        // Too narrow for two columns: one after the other.
        let narrow = try run(["solution", "first-dockerfile", "--plain", "--width", "50"])
        #expect(narrow.stdoutText.contains("── yours (attempt 1)") && narrow.stdoutText.contains("── reference"))
    }

    /// `dockerlings ARGUMENTS` run in a real terminal of `columns` from this learner's home,
    /// waited for to its end; the terminal and the screen it left.
    func inTerminal(columns: Int, _ arguments: String) throws -> (TmuxTerminal, String) {
        let terminal = try TmuxTerminal(columns: columns, rows: 30, environment: [
            "PS1": "$ ", "TERM": "screen", "HOME": home.path, "DOCKERLINGS_WORKSPACE": "", "XDG_DATA_HOME": "", "DOCKERLINGS_DB": "",
        ])
        try terminal.type("cd '\(home.path)' && clear && '\(binary.path)' \(arguments) --learner ada@example.org; echo EXIT=$?")
        try terminal.press("Enter")
        let screen = try terminal.waitFor("dockerlings \(arguments)", timeout: 60) { TmuxTerminal.exitStatus(in: $0) != nil }
        #expect(TmuxTerminal.exitStatus(in: screen) == "0", "\(screen)")
        return (terminal, screen)
    }

    @Test func theHomeScreenInARealTerminalShowsTheBarTheNextStepAndHowToGoOn() throws {
        let (terminal, screen) = try inTerminal(columns: 100, "")
        defer { terminal.close() }
        #expect(screen.contains("░░░░░░░░░░"), "an empty progress bar: \(screen)")
        #expect(screen.contains("0/11 exercises passed"))
        #expect(screen.contains("Next: read lesson 01"))
        #expect(screen.contains("More: dockerlings list · watch · hint · progress · doctor · --help"))
        #expect(screen.contains("Workspace ~/dockerlings · progress ~/.local/share/dockerlings/progress.sqlite"))
        let coloured = try terminal.screen(escapes: true)
        #expect(coloured.contains("\u{1B}["), "a terminal gets colour")
    }

    /// A hint is prose: in a narrow terminal it wraps between words, under its indent.
    @Test func aHintWrapsToANarrowTerminal() throws {
        let (terminal, screen) = try inTerminal(columns: 60, "hint first-dockerfile")
        defer { terminal.close() }
        let lines = screen.split(separator: "\n").map(String.init)
        let first = try #require(lines.firstIndex { $0.hasPrefix("  Build and run it yourself") }, "\(screen)")
        // Broken between words (a line the terminal cut would run to column 60 and go on at 0).
        #expect(lines[first].count < 60 && lines[first + 1].hasPrefix("  ") && !lines[first + 1].hasPrefix("   "), "\(screen)")
    }

    @Test func aFailingChecksHintOpensTheLessonAtTheSectionItNames() throws {
        try run([])
        // cache-order's starter copies everything before installing: its hints name lesson 07's sections.
        let check = try run(["check", "cache-order", "--no-build", "--plain"])
        #expect(check.status == 1)
        #expect(check.stdoutText.contains("read: dockerlings read 07 --section \"Copy the dependency manifest first\""), "\(check.stdoutText)")
        let read = try run(["read", "07", "--section", "Copy the dependency manifest first", "--no-pager", "--plain"])
        #expect(read.status == 0, "\(read.stderrText)")
        #expect(read.stdoutText.hasPrefix("Copy the dependency manifest first"), "opens at the heading: \(read.stdoutText.prefix(200))")
        let wrong = try run(["read", "07", "--section", "No such heading", "--no-pager"])
        #expect(wrong.status == 2 && wrong.stderrText.contains("Its sections:") && wrong.stderrText.contains("Copy the dependency manifest first"))
    }

    @Test func aWorkspaceDeletedUnderUsIsMadeAgainAndTheHistoryIsKept() throws {
        try run([])
        _ = try run(["hint", "first-dockerfile"])
        try FileManager.default.removeItem(at: workspace)
        let result = try run(["check", "first-dockerfile", "--no-build"])
        #expect(result.status == 1, "graded again: \(result.stderrText)")
        #expect(result.stderrText.contains("Made your workspace"))
        #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("first-dockerfile/Dockerfile").path))
        let again = try run(["hint", "first-dockerfile", "--plain"])
        #expect(again.stdoutText.contains("2/"), "the hints revealed before are still recorded")
    }
}
