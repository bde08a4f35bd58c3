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
            when the terminal is wide enough, with the image size of each: yours as \
            measured when you passed, the reference's measured now by grading it on your \
            engine (cached layers make that quick; --no-measure skips it).
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
        // Sizes for every exercise that builds an image: the reference's measured now by grading
        // it, and the learner's as recorded when they passed (measured now too when the
        // exercise's checks did not need it then).
        let buildsImage = chosen.manifest.checks.contains { $0.kind == "build" }
        var referenceBytes: Int64?, yourBytes = mine.imageBytes, yoursMeasuredNow = false
        if buildsImage && !noMeasure {
            FileHandle.standardError.write(Data("Measuring the reference (a real build; cached layers make it quick)…\n".utf8))
            referenceBytes = await measure(chosen, dockerfile: chosen.solutionDockerfile,
                                           answers: chosen.solutionDockerfile.deletingLastPathComponent())
            if yourBytes == nil, referenceBytes != nil {
                yourBytes = try await measure(chosen, passing: mine, in: session)
                yoursMeasuredNow = yourBytes != nil
            }
        }
        let notMeasured = noMeasure ? " · not measured" : " · not measured (no engine answered)"
        var yoursTitle = "yours (attempt \(mine.seq))"
        if let yourBytes { yoursTitle += " · " + formatBytes(yourBytes) + (yoursMeasuredNow ? " (measured now)" : "") }
        else if buildsImage { yoursTitle += noMeasure || referenceBytes == nil ? notMeasured : " · not measured (it does not build today)" }
        var theirsTitle = "reference"
        if let referenceBytes { theirsTitle += " · " + formatBytes(referenceBytes) }
        else if buildsImage { theirsTitle += notMeasured }
        let columns = SideBySide(left: (yoursTitle, mine.dockerfile), right: (theirsTitle, String(decoding: reference, as: UTF8.self)),
                                 width: terminal.width(requested: width), colour: colour)
        print(columns.render())
        if !buildsImage { print("\n(\(chosen.id) builds no image, so there are no sizes to compare.)") }
        if let yours = yourBytes, let referenceBytes, referenceBytes > 0 {
            let ratio = Double(yours) / Double(referenceBytes)
            print(String(format: "\nYour image is %.2f× the reference's size.", ratio)
                  + (ratio <= 1.05 ? " As small as it gets here." : " Compare the final stages: what does yours ship that the reference does not?"))
        }
    }
}

extension Solution {
    /// The image size of one Dockerfile of `exercise`, built (no check run, nothing recorded);
    /// nil when it did not build or no engine answered.
    private func measure(_ exercise: Exercise, dockerfile: URL, answers: URL, exerciseFolder: URL? = nil) async -> Int64? {
        await Grader().measureImage(GradeRequest(exercise: exercise, dockerfile: dockerfile,
                                                 exerciseFolder: exerciseFolder ?? exercise.folder, answersFolder: answers))
    }

    /// The learner's passing Dockerfile, as recorded, built from their exercise folder today.
    private func measure(_ exercise: Exercise, passing attempt: Attempt, in session: LearnerSession) async throws -> Int64? {
        let folder = session.workspace.folder(for: exercise.id)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dockerlings-solution-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let dockerfile = scratch.appendingPathComponent("Dockerfile")
        try Data(attempt.dockerfile.utf8).write(to: dockerfile)
        return await measure(exercise, dockerfile: dockerfile, answers: folder, exerciseFolder: folder)
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
