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

            EXERCISE is an exercise id; without it, the exercise whose folder you are in, \
            else the one you are on. Your files are in your workspace (~/dockerlings, made \
            on first use; see `dockerlings init`). With --course DIR (and no --workspace), \
            the files in DIR's own Exercises/ folders are graded: a course author's copy. \
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
    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var store: StoreOptions

    func run() async throws {
        do {
            try await grade()
        } catch let failure as CommandFailure {
            failure.exit()
        }
    }

    private func grade() async throws {
        let (exercise, folder) = try ExerciseChoice.locate(exercise, course: courseOptions, workspace: workspaceOptions, store: store, command: "check")
        let answer = dockerfile.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? folder.appendingPathComponent(exercise.manifest.dockerfile)
        let lock = ExerciseLock(folder: folder)
        lock.acquire { holder in
            FileHandle.standardError.write(Data("waiting: another `dockerlings check` of \(exercise.id) is running (\(holder))…\n".utf8))
        }
        defer { lock.release() }

        let terminal = TerminalEnvironment.current()
        let errorTerminal = TerminalEnvironment.current(fileDescriptor: STDERR_FILENO)
        let text = ReportText(colour: format == .text && terminal.usesColor(plain: plain),
                              width: terminal.wrapWidth)
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
        if !noRecord { try store.record(exercise: exercise, report: report, dockerfile: graded ?? Data(), started: started, finished: finished) }
        throw ExitCode(report.passed ? 0 : 1)
    }
}

enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, exercism
}
