import Foundation
import Testing
import TestSupport

/// `dockerlings check` as a learner sees it in a real terminal: results as they come, the
/// build as a live status line that ends in ✓, and Ctrl-C that stops the build, restores
/// the prompt and leaves nothing behind.
@Suite(.serialized, .enabled(if: DockerTestEngine.shouldRun)) struct CheckInTmuxTests {
    let binary = RepoPaths.product("dockerlings")
    let course = RepoPaths.root.path

    func terminal() throws -> TmuxTerminal {
        try TmuxTerminal(columns: 100, rows: 50, environment: ["PS1": "$ ", "TERM": "screen"])
    }

    @Test func theSolutionsGradeUnfoldsOnScreen() throws {
        let solution = RepoPaths.root.appendingPathComponent("Exercises/multistage-flask/solution/Dockerfile").path
        let screen = try terminal()
        defer { screen.close() }
        try screen.type("'\(binary.path)' check multistage-flask --course '\(course)' --dockerfile '\(solution)' --no-record; echo EXIT=$?")
        try screen.press("Enter")
        let done = try screen.waitFor("the verdict", timeout: 300) { TmuxTerminal.exitStatus(in: $0) != nil }
        #expect(TmuxTerminal.exitStatus(in: done) == "0", "\(done)")
        #expect(done.contains("✓ The Dockerfile parses as BuildKit parses it"))
        #expect(done.contains("✓ Building your image done in"))
        #expect(done.contains("✓ The app answers \"Hello from Docker!\" on port 8080"))
        #expect(done.contains("multistage-flask: passed — 100/100 points (100%)"))
        // The live status line was redrawn in place: no "[3/17]" step lines left behind.
        #expect(!done.contains("[3/"))
        #expect(try screen.screen(escapes: true).contains("\u{1B}[32m✓"))
    }

    @Test func ctrlCDuringTheBuildStopsItAndCleansUp() throws {
        let dir = try RepoPaths.temporaryDirectory("check-interrupt")
        let dockerfile = dir.appendingPathComponent("Dockerfile")
        try "FROM python:3.12-slim\nRUN sleep 120\nCMD [\"python\", \"app.py\"]\n".write(to: dockerfile, atomically: true, encoding: .utf8)
        let screen = try terminal()
        defer { screen.close() }
        try screen.type("'\(binary.path)' check multistage-flask --course '\(course)' --dockerfile '\(dockerfile.path)' --no-record; echo EXIT=$?")
        try screen.press("Enter")
        _ = try screen.waitFor("the build's sleep step", timeout: 120) { $0.contains("RUN sleep 120") }
        let started = Date()
        try screen.press("C-c")
        let after = try screen.waitFor("the exit status", timeout: 60) { TmuxTerminal.exitStatus(in: $0) != nil }
        #expect(TmuxTerminal.exitStatus(in: after) == "130", "\(after)")
        #expect(after.contains("interrupted"))
        #expect(Date().timeIntervalSince(started) < 60)
        // The sleeping build step's container is gone, and no labelled image of a check remains.
        let containers = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["docker", "ps", "-a", "--format", "{{.Command}} {{.Label \"dockerlings.managed\"}}"])
        #expect(!containers.stdoutText.contains("sleep 120"), "\(containers.stdoutText)")
    }
}
