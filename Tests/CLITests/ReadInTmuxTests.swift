import Foundation
import Testing
import TestSupport

/// `dockerlings read` as a person sees it: the real binary in a real terminal (tmux),
/// keys sent as typed, and the screen captured. The seed notes are taller than the
/// screen, so they open in `less -R`; searching in the pager brings the table and the
/// first code block into view.
@Suite(.serialized) struct ReadInTmuxTests {
    static let seed = RepoPaths.shared("seed/docker-course-notes.md")

    typealias Terminal = TmuxTerminal

    /// The status printed by `; echo EXIT=$?` (not the typed command line itself).
    static func exitStatus(in screen: String) -> String? { TmuxTerminal.exitStatus(in: screen) }

    @Test func seedLessonShowsItsTableAndCodeBlockInThePager() throws {
        let binary = RepoPaths.product("dockerlings")
        #expect(FileManager.default.isExecutableFile(atPath: binary.path), "build the product first: \(binary.path)")
        let terminal = try Terminal(columns: 100, rows: 40, environment: [
            "PS1": "$ ", "PAGER": "less -R", "LESS": "", "LESSHISTFILE": "-", "TERM": "screen",
        ])
        defer { terminal.close() }
        try terminal.type("'\(binary.path)' read '\(Self.seed.path)'; echo EXIT=$?")
        try terminal.press("Enter")

        // The first screen: the title as a heading, prose re-wrapped, no Markdown syntax.
        let first = try terminal.waitFor("the first page in less") { $0.contains("Short summary:") }
        #expect(first.contains("Docker images"))
        #expect(!first.contains("# Docker images"))
        #expect(first.contains("• Dockerfile syntax and best practices"))
        let coloured = try terminal.screen(escapes: true)
        #expect(coloured.contains("\u{1B}["), "a terminal gets colour")

        // The first code block (above the table, so searched first): framed, labelled with its language, lines intact.
        try terminal.type("/Minimal Dockerfile")
        try terminal.press("Enter")
        let code = try terminal.waitFor("the Dockerfile code block") { $0.contains("╭─ dockerfile") && $0.contains("Simple Dockerfile Example") }
        #expect(code.contains("│ # Simple Dockerfile Example"))
        #expect(code.contains("│ FROM python:3.12-slim"))
        #expect(code.contains("│ CMD [\"python\", \"app.py\"]"))
        #expect(code.contains("╰──"))

        // The table, found the way a reader would: search in the pager.
        try terminal.type("/Part 4")
        try terminal.press("Enter")
        let table = try terminal.waitFor("the best-practices table") { $0.contains("┌") && $0.contains("Healthcheck") }
        let rows = table.split(separator: "\n").map(String.init)
        #expect(rows.contains { $0.hasPrefix("│ Category") && $0.contains("│ Best Practice") && $0.contains("│ Why") })
        // Colour marks inline code, so the backticks are gone on a terminal.
        #expect(rows.contains { $0.hasPrefix("│ Base Image") && $0.contains("│ Use minimal images (-alpine, -slim)") })
        #expect(rows.contains { $0.hasPrefix("├") && $0.contains("┼") })
        #expect(rows.contains { $0.hasPrefix("└") && $0.hasSuffix("┘") })
        // Every table line is exactly as wide as the first border: nothing wraps or is cut.
        let tableLines = rows.filter { $0.hasPrefix("│") || $0.hasPrefix("┌") || $0.hasPrefix("├") || $0.hasPrefix("└") }
        #expect(Set(tableLines.map(\.count)).count == 1, "ragged table:\n\(tableLines.joined(separator: "\n"))")

        // Quitting the pager returns to the shell.
        try terminal.press("q")
        let after = try terminal.waitFor("the exit status after quitting") { Self.exitStatus(in: $0) != nil }
        #expect(Self.exitStatus(in: after) == "0")
        #expect(!after.contains("╭─ dockerfile"), "less restores the screen it used")
    }

    @Test func shortFileIsPrintedWithoutPager() throws {
        let binary = RepoPaths.product("dockerlings")
        let dir = try RepoPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("short.md")
        try "---\nid: short\ntitle: A short lesson\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n".write(to: file, atomically: true, encoding: .utf8)
        let terminal = try Terminal(columns: 80, rows: 30, environment: ["PS1": "$ ", "PAGER": "less -R", "TERM": "screen"])
        defer { terminal.close() }
        try terminal.type("'\(binary.path)' read '\(file.path)'; echo EXIT=$?")
        try terminal.press("Enter")
        let screen = try terminal.waitFor("the rendered file and exit status") { Self.exitStatus(in: $0) != nil }
        #expect(Self.exitStatus(in: screen) == "0")
        #expect(screen.contains("A short lesson"))
        #expect(!screen.contains("id: short"))
        #expect(screen.contains("│ 1 │ 2 │"))
    }

    @Test func pipeGetsPlainTextAndColourRulesHold() throws {
        let binary = RepoPaths.product("dockerlings")
        let base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let piped = try runProcess(binary, ["read", Self.seed.path], environment: base)
        #expect(piped.status == 0)
        #expect(!piped.stdoutText.contains("\u{1B}"), "a pipe gets no escapes")
        #expect(piped.stdoutText.contains("│ Base Image"))
        #expect(piped.stdoutText.split(separator: "\n").allSatisfy { $0.count <= 80 })

        let forced = try runProcess(binary, ["read", Self.seed.path], environment: base.merging(["FORCE_COLOR": "1"]) { $1 })
        #expect(forced.stdoutText.contains("\u{1B}["))
        let noColor = try runProcess(binary, ["read", Self.seed.path], environment: base.merging(["FORCE_COLOR": "1", "NO_COLOR": "1"]) { $1 })
        #expect(!noColor.stdoutText.contains("\u{1B}"))
        let plain = try runProcess(binary, ["read", "--plain", Self.seed.path], environment: base.merging(["FORCE_COLOR": "1"]) { $1 })
        #expect(!plain.stdoutText.contains("\u{1B}"))

        let narrow = try runProcess(binary, ["read", "--width", "50", Self.seed.path], environment: base)
        #expect(narrow.stdoutText.split(separator: "\n").filter { !$0.hasPrefix("[") }.allSatisfy { $0.count <= 50 })
        let columns = try runProcess(binary, ["read", Self.seed.path], environment: base.merging(["COLUMNS": "300"]) { $1 })
        #expect(columns.stdoutText.split(separator: "\n").contains { $0.count == 100 }, "COLUMNS is capped at 100")

        let missing = try runProcess(binary, ["read", "no-such-lesson"], environment: base)
        #expect(missing.status != 0)
        #expect(missing.stderrText.contains("No lesson or Markdown file named 'no-such-lesson'"))
    }
}
