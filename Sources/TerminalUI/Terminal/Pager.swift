import Foundation

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
    public func present(_ text: String, lineCount: Int) {
        guard shouldPage(lineCount: lineCount) else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try page(text)
        } catch {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    private func page(_ text: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let input = Pipe()
        process.standardInput = input
        // Quitting the pager early closes the pipe: that must not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
