import ArgumentParser
import Course
import Foundation
import ProgressStore
import TerminalUI

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Grade your Dockerfile for an exercise, and record the attempt.",
        discussion: """
            Grades the way a reviewer would, in this order: the Dockerfile parses as BuildKit \
            parses it; lint finds nothing the exercise forbids; it is structured as asked \
            (stages, base image, user, HEALTHCHECK…). Those need no Docker engine and show at \
            once. Then the image is built with the docker CLI, measured against the \
            exercise's naive baseline, run, and asked over HTTP. Every check says what it \
            found, on which line, and how to fix it. The exercise passes when every check \
            passes; the points of the checks that passed are your score.

            EXERCISE is an exercise id; without it, the exercise whose folder you are in. \
            Each attempt is recorded in your progress database with the Dockerfile graded.

            Exit status: 0 passed, 1 not passed, 2 could not grade (usage, unreadable input), \
            130 interrupted.

            Examples:
              dockerlings check multistage-flask
              dockerlings check multistage-flask --explain
              dockerlings check multistage-flask --no-build
              dockerlings check multistage-flask --format json \\
                --dockerfile submission/Dockerfile --no-record
            """)

    @Argument(help: "The exercise to grade (default: the one whose folder you are in).")
    var exercise: String?

    @Option(help: ArgumentHelp("Your copy of the exercises: a folder with one folder per exercise id (default: the course's Exercises/).", valueName: "dir"))
    var workspace: String?

    @Option(help: ArgumentHelp("Grade this file as the answer, with the exercise's own files as the build context.", valueName: "path"))
    var dockerfile: String?

    @Option(help: "text (default), json, or exercism (results.json of Exercism's test-runner interface, version 3).")
    var format: CheckFormat = .text

    @Flag(name: [.customLong("explain"), .customShort("v")], help: "Also print every docker command the grader runs, as you could type it.")
    var explain = false

    @Flag(help: "Grade only what needs no engine: parse, lint, structure. Never passes an exercise that builds.")
    var noBuild = false

    @Flag(help: "Do not record this attempt in the progress database.")
    var noRecord = false

    @Flag(help: "No colours or live progress, whatever the terminal.")
    var plain = false

    @OptionGroup var courseOptions: CourseOptions
    @OptionGroup var store: StoreOptions

    func run() async throws {
        do {
            try await grade()
        } catch let failure as CommandFailure {
            failure.exit()
        }
    }

    private func grade() async throws {
        let exercise = try pick()
        let folder = workspace.map { URL(fileURLWithPath: $0).appendingPathComponent(exercise.id).standardizedFileURL } ?? exercise.folder
        let answer = dockerfile.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? folder.appendingPathComponent(exercise.manifest.dockerfile)
        let lock = ExerciseLock(folder: folder)
        lock.acquire { holder in
            FileHandle.standardError.write(Data("waiting: another `dockerlings check` of \(exercise.id) is running (\(holder))…\n".utf8))
        }
        defer { lock.release() }

        let terminal = TerminalEnvironment.current()
        let errorTerminal = TerminalEnvironment.current(fileDescriptor: STDERR_FILENO)
        let text = ReportText(colour: format == .text && terminal.usesColor(plain: plain))
        let progress = ProgressDisplay(terminal: errorTerminal, plain: plain)
        let printer = LivePrinter(format: format, text: text, progress: progress,
                                  showProgress: format == .text || errorTerminal.isTerminal, explain: explain)
        if format == .text { printer.out("\(exercise.title) (\(exercise.id))") }

        // Read once: what is graded is what is recorded, whatever happens to the file meanwhile.
        // (A file that cannot be read is left to the grader, which says why.)
        let graded = FileManager.default.contents(atPath: answer.path)
        let started = Date()
        var gradeRequest = GradeRequest(exercise: exercise, dockerfile: answer, exerciseFolder: folder, staticOnly: noBuild)
        gradeRequest.dockerfileContents = graded.map { [UInt8]($0) }
        let request = gradeRequest
        let report: GradeReport
        let cancelled: Bool
        do {
            (report, cancelled) = try await cancellableOnInterrupt {
                try await Grader().grade(request) { event in printer.handle(event) }
            }
        } catch let error as GradingError {
            throw CommandFailure(status: 2, message: error.description)
        }
        let finished = Date()

        switch format {
        case .text: printer.out(text.summary(exercise: exercise.id, report: report))
        case .json: print(ReportJSON.render(exercise: exercise.id, report: report))
        case .exercism: print(ExercismResults.render(report: report))
        }
        if cancelled {
            FileHandle.standardError.write(Data("interrupted: this attempt was not recorded; nothing the grader started is left running.\n".utf8))
            throw ExitCode(130)
        }
        if !noRecord { try record(exercise: exercise, report: report, dockerfile: graded ?? Data(), started: started, finished: finished) }
        throw ExitCode(report.passed ? 0 : 1)
    }

    /// The exercise named, or the one whose folder this is. Only its own manifest is read
    /// (the static feedback is the first thing a learner waits for); the whole catalogue is
    /// loaded only to list the exercises when the name is wrong.
    private func pick() throws -> Exercise {
        let name = exercise ?? folderName()
        if let name, let found = try courseOptions.exercise(name) { return found }
        let ids = try courseOptions.catalogue().exercises.map(\.id).joined(separator: ", ")
        if let exercise { throw CommandFailure(status: 2, message: "No exercise \"\(exercise)\". The exercises: \(ids).") }
        throw CommandFailure(status: 2, message: "Which exercise? Name one (`dockerlings check ID`) or run this inside its folder. The exercises: \(ids).")
    }

    /// The exercise folder the current folder is in: a folder of the workspace, else of the
    /// course's Exercises/.
    private func folderName() -> String? {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.pathComponents
        let base = (workspace.map { URL(fileURLWithPath: $0) } ?? CourseOptions.root(explicit: courseOptions.course)?.appendingPathComponent("Exercises"))?
            .standardizedFileURL.pathComponents
        guard let base, cwd.count > base.count, Array(cwd.prefix(base.count)) == base else { return nil }
        return cwd[base.count]
    }

    private func record(exercise: Exercise, report: GradeReport, dockerfile: Data, started: Date, finished: Date) throws {
        let learner = store.resolvedLearner()
        // As shown: bytes that are not UTF-8 replaced (the store replaces NUL itself).
        let text = String(decoding: dockerfile, as: UTF8.self)
        do {
            let progress = try store.openStore()
            // Hints seen so far carry over from the exercise's previous attempt.
            let previous = try progress.attempts(of: learner.id).last { $0.exerciseID == exercise.id }
            let seen = previous.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.hintsSeen.utf8)) } ?? []
            try progress.record(NewAttempt(exerciseID: exercise.id, startedAt: started, finishedAt: finished, report: report,
                                           dockerfile: text, toolVersion: DockerlingsVersion.current, hintsSeen: seen),
                                by: learner)
        } catch let error as ProgressStoreError {
            throw CommandFailure(status: 2, message: "The grade above was not recorded: \(error.description)")
        }
    }
}

enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, exercism
}
