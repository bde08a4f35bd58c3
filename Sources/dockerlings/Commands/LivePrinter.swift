import Course
import Foundation
import TerminalUI

/// Shows a grade as it happens: check results on standard output (text format), build
/// progress and notes on standard error, live on a terminal and as plain lines in a pipe.
final class LivePrinter: @unchecked Sendable {
    let format: CheckFormat
    let text: ReportText
    let progress: ProgressDisplay
    let showProgress: Bool
    let explain: Bool
    private let lock = NSLock()

    init(format: CheckFormat, text: ReportText, progress: ProgressDisplay, showProgress: Bool, explain: Bool) {
        self.format = format
        self.text = text
        self.progress = progress
        self.showProgress = showProgress
        self.explain = explain
    }

    func out(_ line: String) {
        lock.withLock { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }

    func err(_ line: String) {
        lock.withLock { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    func handle(_ event: GradingEvent) {
        switch event {
        case .checkFinished(let check):
            if format == .text { out(text.check(check)) }
        case .staticChecksDone:
            break
        case .buildStarted(let what):
            if showProgress { progress.start("Building \(what)") }
        case .build(let event):
            guard showProgress else { return }
            if event.kind == .stepStarted, let step = event.step {
                progress.step(step, of: event.total ?? step, event.instruction ?? "")
            }
        case .buildFinished(_, let seconds):
            if showProgress { progress.finish(seconds == nil ? .failure() : .success()) }
        case .note(let note):
            // Above the live status line, when a build is showing one.
            if showProgress { progress.line("  … \(note)") }
        case .command(let arguments):
            guard explain else { return }
            let line = "$ " + (["docker"] + arguments).map(ShellQuote.quote).joined(separator: " ")
            if format == .text { out(line) } else { err(line) }
        }
    }
}

/// Quotes a word for a POSIX shell only where it needs it, so commands read as typed.
enum ShellQuote {
    static func quote(_ word: String) -> String {
        if !word.isEmpty && word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./:=@,+%".contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
