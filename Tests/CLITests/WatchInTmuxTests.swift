import Foundation
import SystemSupport
import Testing
import TestSupport

/// `dockerlings watch` as a learner sees it in a real terminal (tmux): the test saves the
/// exercise's Dockerfile the ways editors do (in place, by rename, deleted and made
/// again) and reads the grade change on screen; it resizes the terminal, presses keys and
/// Ctrl-C, and checks that the terminal is given back as it was and nothing is left
/// running, in Docker or as a process.
@Suite(.serialized) struct WatchInTmuxTests {
    let binary = RepoPaths.product("dockerlings")
    let course = RepoPaths.root.path

    /// A workspace holding copies of the first two exercises, a database of its own, and
    /// a terminal running `watch` on the first.
    final class Session {
        let workspace: URL
        let dockerfile: URL
        let screen: TmuxTerminal

        init(binary: URL, course: String, columns: Int = 100, arguments: [String] = []) throws {
            workspace = try RepoPaths.temporaryDirectory("watch-workspace")
            for id in ["first-dockerfile", "entrypoint-cmd"] {
                try FileManager.default.copyItem(at: RepoPaths.root.appendingPathComponent("Exercises/\(id)"),
                                                 to: workspace.appendingPathComponent(id))
            }
            dockerfile = workspace.appendingPathComponent("first-dockerfile/Dockerfile")
            screen = try TmuxTerminal(columns: columns, rows: 45, environment: ["PS1": "$ ", "TERM": "screen"])
            let words = ["'\(binary.path)'", "watch", "first-dockerfile", "--course", "'\(course)'",
                         "--workspace", "'\(workspace.path)'", "--db", "'\(workspace.path)/progress.sqlite'",
                         "--learner", "watch-test"] + arguments
            try screen.type(words.joined(separator: " ") + "; echo EXIT=$?")
            try screen.press("Enter")
        }

        /// Writes the Dockerfile in place (open, truncate, write, close), as `echo >` does.
        func write(_ text: String) throws {
            let fd = open(dockerfile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
            defer { Foundation.close(fd) }
            _ = text.withCString { Foundation.write(fd, $0, strlen($0)) }
        }

        /// Saves as vim and `sed -i` do: a new file renamed over the old one.
        func writeByRename(_ text: String) throws {
            let temporary = dockerfile.deletingLastPathComponent().appendingPathComponent("sedAb12Cd")
            try Data(text.utf8).write(to: temporary)
            guard rename(temporary.path, dockerfile.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        }

        /// Quits (the key or the signal given) and returns the screen after the exit status
        /// and `stty -a`: the terminal's settings once watch is gone.
        func end(with key: String, status: String) throws -> (screen: String, stty: String) {
            try screen.press(key)
            let after = try screen.waitFor("the exit status", timeout: 60) { TmuxTerminal.exitStatus(in: $0) != nil }
            #expect(TmuxTerminal.exitStatus(in: after) == status, "\(after)")
            // The marker is computed, so the typed command line cannot match it.
            try screen.type("clear; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo; echo STTY-$((40+2))")
            try screen.press("Enter")
            let stty = try screen.waitFor("stty's answer") { $0.contains("STTY-42") }
            return (after, stty)
        }

        func close() {
            screen.close()
            try? FileManager.default.removeItem(at: workspace)
        }
    }

    /// `stty -a`'s flags, as the lines printed by `end`: line editing and echo are on.
    static func isCooked(_ screen: String) -> Bool {
        let lines = Set(screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        return lines.contains("icanon") && lines.contains("echo") && !lines.contains("-icanon") && !lines.contains("-echo")
    }

    static let passing = "FROM python:3.12-slim\nWORKDIR /app\nCOPY hello.py .\nCMD [\"python\", \"hello.py\"]\n"

    /// No `dockerlings` process is left (the tmux shell's children are the only candidates).
    func noWatchProcessLeft(_ workspace: URL) throws -> Bool {
        let processes = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["ps", "-eo", "args"]).stdoutText
        return !processes.split(separator: "\n").contains { $0.contains("watch first-dockerfile") && $0.contains(workspace.path) }
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func typingIntoTheFileChangesTheGradeOnScreenAndAPassMovesOn() throws {
        let session = try Session(binary: binary, course: course)
        defer { session.close() }
        let screen = session.screen
        // The starter: static results, then the build, then the verdict and the keys.
        let first = try screen.waitFor("the starter's verdict", timeout: 120) { $0.contains("first-dockerfile: not passed") && $0.contains("q quit") }
        #expect(first.contains("✓ The Dockerfile parses"))
        #expect(first.contains("n next · h hint · l list · c check all · r reset · q quit"))

        // Saved in place with a typo: the parse check fails, on screen, at once.
        try session.write("FROMM python:3.12-slim\n")
        let broken = try screen.waitFor("the typo's verdict", timeout: 60) { $0.contains("(Dockerfile changed)") && $0.contains("not passed") }
        #expect(broken.contains("✗ The Dockerfile parses"), "\(broken)")

        // Saved by rename with the answer: it passes, and watch moves on to the next exercise.
        try session.writeByRename(Self.passing)
        let passed = try screen.waitFor("the pass and the next exercise", timeout: 120) { $0.contains("Next: entrypoint-cmd") }
        #expect(passed.contains("first-dockerfile: passed — 100/100 points"), "\(passed)")
        #expect(passed.contains("entrypoint-cmd: checking"))
        _ = try screen.waitFor("the next exercise's verdict", timeout: 120) { $0.contains("entrypoint-cmd: not passed") }

        let (_, stty) = try session.end(with: "q", status: "0")
        #expect(Self.isCooked(stty), "the terminal is cooked again:\n\(stty)")
        #expect(try noWatchProcessLeft(session.workspace))
        // The attempts were recorded, as check records them.
        let progress = try runProcess(binary, ["progress", "--db", session.workspace.path + "/progress.sqlite",
                                                "--learner", "watch-test", "--format", "json"])
        struct Progress: Decodable {
            struct Exercise: Decodable { var exerciseID: String; var attempts: Int; var status: String }
            var exercises: [Exercise]
        }
        let exercises = try JSONDecoder().decode(Progress.self, from: progress.stdout).exercises
        let recorded = exercises.first { $0.exerciseID == "first-dockerfile" }
        #expect(recorded?.attempts == 3 && recorded?.status == "done", "the starter, the typo and the answer: \(progress.stdoutText)")
        // The next exercise was shown as watch moved on, but the learner has not touched it:
        // no attempt of theirs is recorded there.
        #expect(exercises.first { $0.exerciseID == "entrypoint-cmd" }?.attempts == 0)
        #expect(exercises.first { $0.exerciseID == "entrypoint-cmd" }?.status == "not started")
    }

    @Test func aDeletedDockerfileIsSaidAndItsReturnChecked() throws {
        let session = try Session(binary: binary, course: course, arguments: ["--no-build", "--no-record"])
        defer { session.close() }
        let screen = session.screen
        _ = try screen.waitFor("the starter's verdict") { $0.contains("first-dockerfile: not passed") }
        try FileManager.default.removeItem(at: session.dockerfile)
        let gone = try screen.waitFor("the missing file said") { $0.contains("There is no Dockerfile") }
        #expect(gone.contains("r` puts the starter back"))
        try session.write("FROMM busybox\n")
        let back = try screen.waitFor("the new file checked") { $0.contains("✗ The Dockerfile parses") }
        #expect(back.contains("first-dockerfile: not passed"))
        _ = try session.end(with: "q", status: "0")
    }

    @Test func aResizeRedrawsAtTheNewWidth() throws {
        let session = try Session(binary: binary, course: course, arguments: ["--no-build", "--no-record"])
        defer { session.close() }
        let screen = session.screen
        let wide = try screen.waitFor("the key bar") { $0.contains("q quit") }
        #expect(wide.contains(String(repeating: "─", count: 99)))
        _ = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                           ["tmux", "-L", screen.socket, "resize-window", "-t", "read", "-x", "40", "-y", "45"])
        // The rule is drawn again one column short of the new width, and the keys wrap to fit.
        let narrow = try screen.waitFor("the redraw at 40 columns") { text in
            text.split(separator: "\n").contains { $0 == String(repeating: "─", count: 39) }
        }
        let lines = narrow.split(separator: "\n")
        #expect(lines.contains("n next · h hint · l list · c check all"), "\(narrow)")
        #expect(lines.contains("r reset · q quit"), "\(narrow)")
        #expect(narrow.contains("first-dockerfile: not passed"))
        // Still watching: a save is checked at the new width.
        try session.write("FROMM busybox\n")
        let after = try screen.waitFor("a check after the resize") { $0.contains("unknown instruction: FROMM") }
        #expect(after.split(separator: "\n").allSatisfy { $0.count <= 40 }, "wrapped to the new width: \(after)")
        _ = try session.end(with: "q", status: "0")
    }

    @Test func theKeysShowAHintTheListResetAfterAskingAndCheckEveryExercise() throws {
        let session = try Session(binary: binary, course: course, arguments: ["--no-build", "--no-record"])
        defer { session.close() }
        let screen = session.screen
        _ = try screen.waitFor("the key bar") { $0.contains("q quit") }

        // h: the first hint, revealed (and recorded, as `hint` does).
        try screen.type("h")
        let hint = try screen.waitFor("the first hint") { $0.contains("Hints for first-dockerfile") }
        #expect(hint.contains("1/3 (new)"), "\(hint)")
        try screen.type("h")
        _ = try screen.waitFor("the second hint") { $0.contains("2/3 (new)") }

        // l: every exercise in the course's order with its status.
        try screen.type("l")
        let list = try screen.waitFor("the list") { $0.contains("entrypoint-cmd") && $0.contains("multistage-flask") }
        #expect(list.contains("first-dockerfile"))

        // r asks first: anything but y leaves the files alone; y puts the starter back.
        try session.write("FROMM busybox\n")
        _ = try screen.waitFor("the edit checked") { $0.contains("✗ The Dockerfile parses") && $0.contains("q quit") }
        try screen.type("r")
        _ = try screen.waitFor("the question") { $0.contains("[y/N]") }
        try screen.type("x")
        _ = try screen.waitFor("the refusal") { $0.contains("Not reset") }
        #expect(try String(contentsOf: session.dockerfile, encoding: .utf8) == "FROMM busybox\n")
        try screen.type("r")
        try screen.type("y")
        // The starter is back, the edit kept as a backup, and the restored file is checked.
        _ = try screen.waitFor("the starter checked again") { $0.contains("✓ The Dockerfile parses") && $0.contains("q quit") }
        let starter = try String(contentsOf: RepoPaths.root.appendingPathComponent("Exercises/first-dockerfile/Dockerfile"), encoding: .utf8)
        #expect(try String(contentsOf: session.dockerfile, encoding: .utf8) == starter)
        let backups = FileManager.default.enumerator(atPath: session.workspace.appendingPathComponent(".dockerlings/backups").path)
        let backedUp = (backups?.allObjects as? [String] ?? []).filter { $0.hasSuffix("Dockerfile") }
        #expect(backedUp.count == 1, "\(backedUp)")

        // c: every exercise graded, one line each, then the first one not passed is watched.
        try screen.type("c")
        let all = try screen.waitFor("every exercise checked", timeout: 60) { $0.contains("exercises passed") }
        #expect(all.contains("✗ first-dockerfile") && all.contains("✗ multistage-flask"), "\(all)")
        #expect(all.contains("Next to do: first-dockerfile"))

        // n: on to the next exercise.
        try screen.type("n")
        _ = try screen.waitFor("the next exercise") { $0.contains("Next: entrypoint-cmd") && $0.contains("entrypoint-cmd: not passed") }
        _ = try session.end(with: "q", status: "0")
    }

    @Test func ctrlCRestoresTheTerminalAndExits130() throws {
        let session = try Session(binary: binary, course: course, arguments: ["--no-build", "--no-record"])
        defer { session.close() }
        _ = try session.screen.waitFor("the key bar") { $0.contains("q quit") }
        let (screen, stty) = try session.end(with: "C-c", status: "130")
        #expect(screen.contains("stopped: nothing the grader started is left running."))
        #expect(Self.isCooked(stty), "the terminal is cooked again:\n\(stty)")
        #expect(try noWatchProcessLeft(session.workspace))
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func aSaveDuringABuildCancelsItAndCtrlCLeavesNothingInDocker() throws {
        let session = try Session(binary: binary, course: course, columns: 220, arguments: ["--no-record", "--explain"])
        defer { session.close() }
        let screen = session.screen
        // A step of its own each run, so that no build cache can skip the sleep.
        let sleeping = "FROM busybox:latest\nRUN sleep 120 && echo \(UUID().uuidString.prefix(8))\nCMD [\"echo\", \"hi\"]\n"
        /// The session label of the grade on screen (`--explain` shows it in the docker commands).
        func buildingLabel() throws -> String {
            let building = try screen.waitFor("the build's sleep step", timeout: 120) { $0.contains("RUN sleep 120 && echo") }
            return try #require(building.firstMatch(of: /dockerlings\.managed=(check-[0-9a-f]{8})/).map { String($0.output.1) })
        }
        _ = try screen.waitFor("the starter's verdict", timeout: 120) { $0.contains("first-dockerfile: not passed") }
        try session.write(sleeping)
        let cancelled = try buildingLabel()

        // Saved again mid-build: the sleeping build is stopped and the new Dockerfile checked.
        try session.write("FROMM busybox\n")
        _ = try screen.waitFor("the new save's verdict", timeout: 60) { $0.contains("✗ The Dockerfile parses") && $0.contains("not passed") }

        // Ctrl-C during another build: it is stopped too, the terminal given back, status 130.
        try session.write(sleeping)
        let interrupted = try buildingLabel()
        let (_, stty) = try session.end(with: "C-c", status: "130")
        #expect(Self.isCooked(stty), "the terminal is cooked again:\n\(stty)")
        #expect(try noWatchProcessLeft(session.workspace))
        // Nothing of either grade is left in the engine.
        let env = URL(fileURLWithPath: "/usr/bin/env")
        for label in [cancelled, interrupted] {
            let containers = try runProcess(env, ["docker", "ps", "-a", "-q", "--filter", "label=dockerlings.managed=\(label)"])
            let images = try runProcess(env, ["docker", "images", "-a", "-q", "--filter", "label=dockerlings.managed=\(label)"])
            #expect(containers.stdoutText.isEmpty, "containers left by \(label): \(containers.stdoutText)")
            #expect(images.stdoutText.isEmpty, "images left by \(label): \(images.stdoutText)")
        }
        let commands = try runProcess(env, ["docker", "ps", "-a", "--format", "{{.Command}}"])
        #expect(!commands.stdoutText.contains("sleep 120"), "\(commands.stdoutText)")
    }
}
