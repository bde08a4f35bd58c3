import Foundation
import Testing
import TestSupport

/// `dockerlings read` as a person sees it: the real binary in a real terminal (tmux),
/// keys sent as typed, and the screen captured. The seed notes are taller than the
/// screen, so they open in `less -R`; searching in the pager brings the table and the
/// first code block into view.
@Suite(.serialized) struct ReadInTmuxTests {
    static let seed = RepoPaths.shared("seed/docker-course-notes.md")

    /// A private tmux server (its own socket), so the test never touches a user's sessions.
    final class Terminal {
        let socket = "dockerlings-test-\(UUID().uuidString.prefix(8))"
        let tmux = URL(fileURLWithPath: "/usr/bin/env")

        init(columns: Int, rows: Int, environment: [String: String]) throws {
            var arguments = ["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "read",
                             "-x", String(columns), "-y", String(rows)]
            // What a person has by default: colour allowed, no overrides from this test run.
            let environment = ["NO_COLOR": "", "FORCE_COLOR": "", "COLUMNS": "", "LINES": "", "DOCKERLINGS_HYPERLINKS": ""]
                .merging(environment) { $1 }
            for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
            arguments += ["/bin/sh"]
            // The tmux server outlives this call and would hold a pipe open forever:
            // start it with its output going nowhere.
            let status = try Self.runDetached(tmux, arguments)
            guard status == 0 else { throw TmuxError.failed("new-session exited with \(status)") }
            // Type only once the shell shows its prompt, or the keys arrive before it reads them.
            _ = try waitFor("the shell prompt") { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        }

        /// posix_spawn and waitpid rather than Foundation's Process: the tmux server forked
        /// by the client inherits Process's exit-watching descriptors, and Process would
        /// then wait for the server too, not just the client.
        static func runDetached(_ executable: URL, _ arguments: [String]) throws -> Int32 {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            for fd in [Int32(0), 1, 2] {
                posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
            }
            let argv: [UnsafeMutablePointer<CChar>?] = ([executable.path] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            // The test runner blocks and ignores signals on its threads; a tmux server that
            // inherited that could never notice its shell exit, and would never stop.
            var noSignals = sigset_t()
            sigemptyset(&noSignals)
            var allSignals = sigset_t()
            sigfillset(&allSignals)
            posix_spawnattr_setsigmask(&attributes, &noSignals)
            posix_spawnattr_setsigdefault(&attributes, &allSignals)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, executable.path, &actions, &attributes, argv, environ)
            guard spawned == 0 else { throw TmuxError.failed("cannot start tmux: error \(spawned)") }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        }

        func type(_ text: String) throws {
            _ = try runProcess(tmux, ["tmux", "-L", socket, "send-keys", "-t", "read", "-l", text])
        }

        func press(_ key: String) throws {
            _ = try runProcess(tmux, ["tmux", "-L", socket, "send-keys", "-t", "read", key])
        }

        func screen(escapes: Bool = false) throws -> String {
            let flags = escapes ? ["-p", "-e"] : ["-p"]
            return try runProcess(tmux, ["tmux", "-L", socket, "capture-pane", "-t", "read"] + flags).stdoutText
        }

        /// Polls the screen until `predicate` holds (the binary and the pager take a moment).
        func waitFor(_ what: String, timeout: Double = 10, _ predicate: (String) -> Bool) throws -> String {
            let deadline = Date().addingTimeInterval(timeout)
            var last = ""
            while Date() < deadline {
                last = try screen()
                if predicate(last) { return last }
                Thread.sleep(forTimeInterval: 0.1)
            }
            throw TmuxError.timeout(what, last)
        }

        func close() {
            _ = try? Self.runDetached(tmux, ["tmux", "-L", socket, "kill-server"])
        }
    }

    enum TmuxError: Error, CustomStringConvertible {
        case failed(String)
        case timeout(String, String)
        var description: String {
            switch self {
            case .failed(let message): return "tmux failed: \(message)"
            case let .timeout(what, screen): return "timed out waiting for \(what); screen was:\n\(screen)"
            }
        }
    }

    /// The status printed by `; echo EXIT=$?` (not the typed command line itself).
    static func exitStatus(in screen: String) -> String? {
        screen.split(separator: "\n").first { $0.hasPrefix("EXIT=") }.map { String($0.dropFirst(5)) }
    }

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
