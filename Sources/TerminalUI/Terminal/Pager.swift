import Foundation
import SystemSupport

/// Shows long text through a pager — `$PAGER`, else `less -R` — but only when stdout is
/// a terminal and the text is taller than the screen; otherwise it is written directly.
public struct Pager: Sendable {
    public var terminal: TerminalEnvironment

    public init(terminal: TerminalEnvironment) { self.terminal = terminal }

    /// The pager's argument vector. `$PAGER` is split on spaces (as `git` and `man`
    /// accept `less -R`), and run as a program, never through a shell.
    public var command: [String] {
        let configured = (terminal.environment["PAGER"] ?? "")
            .split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        return configured.isEmpty ? ["less", "-R"] : configured
    }

    public func shouldPage(lineCount: Int) -> Bool {
        guard terminal.isTerminal, let rows = terminal.rows else { return false }
        if command == ["cat"] { return false }
        return lineCount > rows - 1
    }

    /// Writes `text` through the pager when it is needed, else straight to stdout. If the
    /// pager cannot start, the text still reaches stdout: nothing is lost.
    /// `startLine` (0-based) opens the pager at that line when it is `less`; printed
    /// straight, or through another pager, the text starts there.
    public func present(_ text: String, lineCount: Int, startLine: Int = 0) {
        var text = text
        let opensAtLine = startLine > 0 && shouldPage(lineCount: lineCount) && command.first.map { ($0 as NSString).lastPathComponent == "less" } == true
        if startLine > 0 && !opensAtLine {
            text = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(startLine).joined(separator: "\n")
        }
        guard shouldPage(lineCount: lineCount - (opensAtLine ? 0 : startLine)) else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try page(text, extra: opensAtLine ? ["+\(startLine + 1)g"] : [])
        } catch {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    enum PagerError: Error { case cannotStart(Int32) }

    /// The pager is started with posix_spawnp, not Foundation's Process: Process puts its
    /// child in a new session, where a pager has no terminal to read keys from.
    private func page(_ text: String, extra: [String] = []) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw PagerError.cannotStart(errno) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, 0)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        let argv: [UnsafeMutablePointer<CChar>?] = (command + extra).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Default signal handling, and the terminal's foreground group, to read keys from.
        var attributes = SpawnAttributes(newProcessGroup: false)
        defer { attributes.destroy() }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, command[0], &actions, &attributes.value, argv, environ)
        close(readEnd)
        guard spawned == 0 else {
            close(writeEnd)
            throw PagerError.cannotStart(spawned)
        }
        // Quitting the pager early closes the pipe: that must not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return write(writeEnd, base + offset, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
        close(writeEnd)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }
}
