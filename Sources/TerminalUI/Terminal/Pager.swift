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

    /// The pager writes to our terminal and stays in its foreground group, to read keys from
    /// (Foundation's Process would put it in a new session, with no terminal at all).
    private func page(_ text: String, extra: [String] = []) throws {
        let child: ChildProcess
        do {
            child = try ChildProcess.launch(command[0], Array(command.dropFirst()) + extra, standardInput: true,
                                            outputs: .inherited, newProcessGroup: false)
        } catch let error as ChildProcess.LaunchError {
            throw PagerError.cannotStart(error.code)
        }
        // Quitting the pager early closes the pipe: that must not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        if let writer = child.standardInput {
            try? writer.write(contentsOf: Data(text.utf8))
            try? writer.close()
        }
        child.wait()
    }
}
