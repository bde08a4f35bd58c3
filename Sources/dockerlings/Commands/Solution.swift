import ArgumentParser
import Course
import DockerEngine
import Foundation
import ImageAnalysis
import ProgressStore
import TerminalUI

struct Solution: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solution",
        abstract: "Compare your passing Dockerfile with the reference solution, sizes included.",
        discussion: """
            Only once you have passed the exercise: until then the reference would spoil \
            it (`dockerlings hint` helps instead). Shows your passing Dockerfile (the \
            smallest image among your passing attempts) beside the reference, side by side \
            when the terminal is wide enough. For exercises graded on image size, with the \
            size of each: yours as measured when you passed, the reference's measured now \
            by grading it on your engine (cached layers make that quick; --no-measure \
            skips it).
            """)

    @Argument(help: "The exercise.")
    var exercise: String

    @Flag(help: "Do not build the reference to measure it.")
    var noMeasure = false

    @Flag(help: "No colours, whatever the terminal.")
    var plain = false

    @Option(help: "Lay out for this many columns instead of the terminal's width.")
    var width: Int?

    @OptionGroup var courseOptions: CourseOptions
    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var store: StoreOptions

    func run() async throws {
        do { try await show() } catch let failure as CommandFailure { failure.exit() }
    }

    private func show() async throws {
        let session = try LearnerSession.open(course: courseOptions, workspace: workspaceOptions, store: store)
        let chosen = try session.exercise(named: exercise)
        let progress = try session.openStore()
        let learner = store.resolvedLearner()
        let passes = try failing { try progress.attempts(of: learner.id) }.filter { $0.exerciseID == chosen.id && $0.passed }
        guard let mine = passes.min(by: { ($0.imageBytes ?? .max, -$0.seq) < ($1.imageBytes ?? .max, -$1.seq) }) else {
            throw CommandFailure(status: 1, message: "You have not passed \(chosen.id) yet, so the reference stays hidden. `dockerlings hint \(chosen.id)` reveals the next hint; `dockerlings check \(chosen.id)` says what is left.")
        }
        guard let reference = FileManager.default.contents(atPath: chosen.solutionDockerfile.path) else {
            throw CommandFailure(status: 2, message: "The course has no reference solution for \(chosen.id) at \(chosen.solutionDockerfile.path).")
        }
        let terminal = TerminalEnvironment.current()
        let colour = terminal.usesColor(plain: plain)
        var referenceBytes: Int64?
        let gradesSize = chosen.manifest.checks.contains { $0.kind == "size" }
        if gradesSize && !noMeasure {
            FileHandle.standardError.write(Data("Measuring the reference (a real build; cached layers make it quick)…\n".utf8))
            let request = GradeRequest(exercise: chosen, dockerfile: chosen.solutionDockerfile, exerciseFolder: chosen.folder,
                                       answersFolder: chosen.solutionDockerfile.deletingLastPathComponent())
            referenceBytes = (try? await Grader().grade(request))?.metrics.imageBytes
        }
        let yoursTitle = "yours (attempt \(mine.seq))" + (mine.imageBytes.map { " · " + formatBytes($0) } ?? "")
        var theirsTitle = "reference"
        if let referenceBytes { theirsTitle += " · " + formatBytes(referenceBytes) }
        else if gradesSize { theirsTitle += noMeasure ? " · not measured" : " · not measured (no engine answered)" }
        let columns = SideBySide(left: (yoursTitle, mine.dockerfile), right: (theirsTitle, String(decoding: reference, as: UTF8.self)),
                                 width: terminal.width(requested: width), colour: colour)
        print(columns.render())
        if !gradesSize { print("\n(\(chosen.id) does not grade image size, so no sizes were measured.)") }
        if let yours = mine.imageBytes, let referenceBytes, referenceBytes > 0 {
            let ratio = Double(yours) / Double(referenceBytes)
            print(String(format: "\nYour image is %.2f× the reference's size.", ratio)
                  + (ratio <= 1.05 ? " As small as it gets here." : " Compare the final stages: what does yours ship that the reference does not?"))
        }
    }
}

/// Two texts in columns when both fit, else one after the other.
struct SideBySide {
    var left: (title: String, text: String)
    var right: (title: String, text: String)
    var width: Int
    var colour: Bool

    func render() -> String {
        let leftLines = lines(left.text), rightLines = lines(right.text)
        let column = max(left.title.count, leftLines.map(\.count).max() ?? 0)
        let needed = column + 3 + max(right.title.count, rightLines.map(\.count).max() ?? 0)
        func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
        guard needed <= width else {
            return ([bold("── " + left.title)] + leftLines + ["", bold("── " + right.title)] + rightLines).joined(separator: "\n")
        }
        var out = [bold(pad(left.title, column)) + " │ " + bold(right.title)]
        out.append(String(repeating: "─", count: column) + "─┼─" + String(repeating: "─", count: max(0, needed - column - 3)))
        for index in 0..<max(leftLines.count, rightLines.count) {
            let l = index < leftLines.count ? leftLines[index] : ""
            let r = index < rightLines.count ? rightLines[index] : ""
            out.append(pad(l, column) + " │ " + r)
        }
        return out.joined(separator: "\n")
    }

    private func lines(_ text: String) -> [String] {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\t", with: "    ")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private func pad(_ text: String, _ length: Int) -> String {
        text.count >= length ? text : text + String(repeating: " ", count: length - text.count)
    }
}
