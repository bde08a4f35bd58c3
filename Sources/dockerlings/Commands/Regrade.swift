import ArgumentParser
import Course
import Foundation
import ProgressStore

struct Regrade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regrade",
        abstract: "Re-grade learners' bundles with real builds, beside what their machines claimed.",
        discussion: """
            Each bundle is verified (its hash chain, and with --key its signature) and merged \
            into the gradebook as `gradebook import` does; a bundle that fails is refused with \
            the reason, and the others go on. Then every learner's claimed attempts are \
            re-graded: each claimed Dockerfile is built and checked by the grader, with the \
            course's exercise folder as the build context, on a Docker engine you trust.

            Which attempts: for each learner and exercise, the best claim first (the one the \
            gradebook counts); a claim is taken as an upper bound, so re-grading goes on down \
            the claims only while one could still beat the best re-graded score. --all-attempts \
            re-grades every claimed attempt. A quiz's answers are not in a bundle: its checks \
            keep their claimed outcome and say so.

            Engines: the one DOCKER_HOST (or DOCKER_CONTEXT) names, or those given with \
            --context (docker CLI contexts: ssh://, tcp:// with TLS...) and --host; several \
            spread the work. --jobs N grades run at once in all. A job whose engine stops \
            answering is graded again from the start on another, and the lost engine gets no \
            more work. Each result names its engine.

            The re-grades are written into the gradebook beside the claims (which stay as \
            they came); `gradebook export` then carries them: csv in the regraded_* and \
            regrade_* columns, json in each row's "regraded" object and "regradedChecks", \
            canvas, moodle and classroom grade with the re-graded points, junit lists the \
            re-grade's checks. Images the re-grade builds are removed as each grade ends; \
            Ctrl-C stops the grades, removes what they made and records what had finished.

            Exit status: 0 every bundle taken and every claim confirmed; 1 a difference, a \
            refused bundle, or an attempt that could not be re-graded; 2 usage, or no engine \
            answers; 130 interrupted.

            Examples:
              dockerlings regrade --key-file class.key submissions/*.json
              dockerlings regrade --context lab1 --context lab2 --jobs 4 submissions/*.json
              dockerlings regrade --format json --gradebook fall.sqlite ann.json bob.json
            """)

    @Argument(help: ArgumentHelp("Bundles written by `dockerlings submit`.", valueName: "bundle"))
    var bundles: [String]

    @OptionGroup var location: Gradebook.Location
    @OptionGroup var signing: BundleKeyOptions
    @OptionGroup var courseOptions: CourseOptions

    @Option(name: .customLong("context"), help: ArgumentHelp("A docker context to grade on (repeat to spread over several engines).", valueName: "name"))
    var contexts: [String] = []

    @Option(name: .customLong("host"), help: ArgumentHelp("An engine address to grade on, as DOCKER_HOST takes it (repeatable).", valueName: "address"))
    var hosts: [String] = []

    @Option(help: "Grades at once, in all (default: one per engine).")
    var jobs: Int?

    @Flag(help: "Re-grade every claimed attempt, not only the best claims.")
    var allAttempts = false

    @Option(help: "text (default) or json.")
    var format: TextOrJSON = .text

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more (it is \(jobs))") }
        if bundles.isEmpty { throw ValidationError("name at least one bundle to re-grade") }
    }

    func run() async throws {
        do {
            try await regrade()
        } catch let failure as CommandFailure {
            failure.exit()
        }
    }

    private func regrade() async throws {
        let catalogue = try courseOptions.catalogue()
        let key = try signing.resolve()
        let engines = try await answeringEngines()
        let gradebook = try failing { try location.open() }
        let regrader = ClassRegrader(catalogue: catalogue, engines: engines, jobs: jobs ?? engines.count,
                                     scope: allAttempts ? .all : .best)
        let run = GradebookRegrade(gradebook: gradebook, regrader: regrader, key: key, toolVersion: DockerlingsVersion.current)
        let files = bundles.map { URL(fileURLWithPath: $0) }
        let summary: RegradeSummary, interrupted: Bool
        do {
            (summary, interrupted) = try await cancellableOnInterrupt {
                try await run.run(bundles: files) { event in Self.progress(event) }
            }
        } catch let error as ProgressStoreError {
            throw CommandFailure(status: 2, message: error.description)
        }
        switch format {
        case .text: print(RegradeOutput.text(summary))
        case .json: print(RegradeOutput.json(summary))
        }
        if interrupted {
            FileHandle.standardError.write(Data("interrupted: the re-grades that finished are recorded; nothing the grader started is left running.\n".utf8))
            throw ExitCode(130)
        }
        if summary.engineFailures > 0 { throw ExitCode(2) }
        throw ExitCode(summary.allAgree ? 0 : 1)
    }

    /// The engines named (or the environment's), each asked once; those that do not answer
    /// are left out with the reason, and none answering is an error.
    private func answeringEngines() async throws -> [RegradeEngine] {
        var named = contexts.map { RegradeEngine(.context($0)) } + hosts.map { RegradeEngine(.host($0)) }
        if named.isEmpty { named = [RegradeEngine(.environment)] }
        let answers = await withTaskGroup(of: (Int, String?).self) { group in
            for (index, engine) in named.enumerated() { group.addTask { (index, await engine.unanswered()) } }
            var found = [String?](repeating: nil, count: named.count)
            for await (index, why) in group { found[index] = why }
            return found
        }
        var live: [RegradeEngine] = []
        for (engine, why) in zip(named, answers) {
            if let why {
                FileHandle.standardError.write(Data("warning: engine \(engine.name) does not answer, left out: \(why)\n".utf8))
            } else {
                live.append(engine)
            }
        }
        if live.isEmpty {
            throw CommandFailure(status: 2, message: "No Docker engine answers, so nothing can be re-graded. Start one (`docker info` should answer), or name one with --context or --host.")
        }
        return live
    }

    /// One line per grade on standard error, so a long run shows where it is.
    private static func progress(_ event: ClassRegrader.Event) {
        let line: String
        switch event {
        case .started(let learner, let exercise, let seq, let engine):
            line = "grading   \(learner) \(exercise) #\(seq) on \(engine)"
        case .finished(let learner, let exercise, let seq, let engine, let report):
            line = "graded    \(learner) \(exercise) #\(seq) on \(engine): \(report.passed ? "passed" : "not passed"), score \(report.score)"
        case .engineLost(let engine, let reason):
            line = "lost      engine \(engine) stopped answering (\(reason.split(separator: "\n").first ?? "")); it gets no more work"
        case .retrying(let learner, let exercise, let from, _):
            line = "retrying  \(learner) \(exercise): its grade on \(from) is void; grading it again on another engine"
        case .note(let text):
            line = "note      \(text)"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
