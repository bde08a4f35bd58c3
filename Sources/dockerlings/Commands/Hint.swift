import ArgumentParser
import Course
import Foundation
import ProgressStore
import TerminalUI

struct Hint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hint",
        abstract: "Reveal the next hint for an exercise.",
        discussion: """
            Hints come in levels, from a nudge to nearly the answer. Each `hint` reveals one \
            more and shows every level revealed so far. What you revealed is recorded in \
            your progress (your instructor sees how much help was used), so ask when stuck, \
            not before.

            EXERCISE defaults to the exercise whose folder you are in, else the one you are on.
            """)

    @Argument(help: "The exercise (default: the one you are on).")
    var exercise: String?

    @Flag(help: "No colours, whatever the terminal.")
    var plain = false

    @OptionGroup var courseOptions: CourseOptions
    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            let session = try LearnerSession.open(course: courseOptions, workspace: workspaceOptions, store: store)
            let progress = try session.openStore()
            let chosen = try session.exercise(named: exercise, progress: progress)
            let terminal = TerminalEnvironment.current()
            let lines = try Self.reveal(chosen, session: session, progress: progress, colour: terminal.usesColor(plain: plain))
            let text = lines.joined(separator: "\n")
            print(terminal.wrapWidth.map { LineWrap.fit(text, width: $0) } ?? text)
        } catch let failure as CommandFailure {
            failure.exit()
        }
    }

    /// Reveals one more level of `chosen`'s hints (recorded in the store) and returns every
    /// level revealed so far, as lines; shared by `hint` and watch's h key.
    static func reveal(_ chosen: Exercise, session: LearnerSession, progress: ProgressStore, colour: Bool) throws -> [String] {
        var lines: [String] = []
        let hints = chosen.manifest.hints
        func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
        guard !hints.isEmpty else {
            return ["\(chosen.id) has no hints; each failing check says what to change (`dockerlings check \(chosen.id)`)."]
        }
        let learner = session.store.resolvedLearner()
        let before = try failing { try progress.hintsRevealed(of: learner.id, exercise: chosen.id) }
        let shown = min(hints.count, before + 1)
        if shown > before { _ = try failing { try progress.recordHintRevealed(level: shown, exercise: chosen.id, by: learner) } }
        lines.append(bold("Hints for \(chosen.id) — \(chosen.title)"))
        for (index, hint) in hints.prefix(shown).enumerated() {
            let text = hint.split(separator: "\n", omittingEmptySubsequences: false)
            lines.append("")
            lines.append(bold("\(index + 1)/\(hints.count)") + (index + 1 == shown && shown > before ? " (new)" : ""))
            for line in text { lines.append("  " + line) }
        }
        lines.append("")
        lines.append(shown < hints.count
                     ? "Run `dockerlings hint \(chosen.id)` again for the next one (\(hints.count - shown) left)."
                     : "That was the last hint. `dockerlings solution \(chosen.id)` shows the reference once you have passed.")
        return lines
    }
}
