import ArgumentParser
import Course
import Foundation
import ImageAnalysis
import TerminalUI

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Prove the exercises: each starter must fail and each reference solution must pass.",
        discussion: """
            For whoever writes exercises, and for CI. Every manifest is loaded (a bad one is \
            refused with its file and key); then, for each exercise, its starter Dockerfile \
            is graded and must not pass, and its solution is graded and must pass, with real \
            builds on the engine. Nothing is recorded.

            Exit status: 0 every exercise holds, 1 one does not, 2 could not verify.

            Examples:
              dockerlings verify
              dockerlings verify multistage-flask --format json
            """)

    @Argument(help: "The exercises to verify (default: all).")
    var exercises: [String] = []

    @Option(help: "text (default) or json.")
    var format: TextOrJSON = .text

    @Flag(help: "Build every step again, ignoring the build cache (what a first run costs).")
    var noCache = false

    @OptionGroup var courseOptions: CourseOptions

    func run() async throws {
        let catalogue: Catalogue
        do { catalogue = try courseOptions.catalogue() } catch let failure as CommandFailure { failure.exit() }
        var chosen: [Exercise] = []
        for id in exercises {
            guard let found = catalogue.exercise(id) else {
                CommandFailure(status: 2, message: "No exercise \"\(id)\". The exercises: \(catalogue.exercises.map(\.id).joined(separator: ", ")).").exit()
            }
            chosen.append(found)
        }
        if chosen.isEmpty { chosen = catalogue.exercises }
        let selected = chosen

        let noCache = self.noCache
        let progress = ProgressDisplay(terminal: TerminalEnvironment.current(fileDescriptor: STDERR_FILENO))
        let (results, interrupted) = try await cancellableOnInterrupt {
            var results: [Verifier.Result] = []
            for exercise in selected {
                if Task.isCancelled { break }
                results.append(await Verifier(noCache: noCache).verify(exercise) { which, event in
                    switch event {
                    case .buildStarted(let what): progress.start("\(exercise.id) \(which): building \(what)")
                    case .buildFinished(_, let seconds): progress.finish(seconds == nil ? .failure() : .success())
                    default: break
                    }
                })
            }
            return results
        }
        switch format {
        case .json: print(Verifier.json(results))
        case .text:
            for r in results {
                let verdict = r.ok ? "ok  " : "FAIL"
                var line = "\(verdict) \(r.id): starter \(r.starterFailed ? "fails" : "PASSES (it must not)") (\(r.starterFailingChecks.joined(separator: ", "))); "
                line += "solution \(r.solutionPassed ? "passes" : "FAILS")"
                if let image = r.imageBytes {
                    line += ", \(formatBytes(image))"
                    if let baseline = r.baselineBytes, baseline > 0 {
                        line += " vs baseline \(formatBytes(baseline)) (" + String(format: "%.2f", Double(image) / Double(baseline)) + ")"
                    }
                }
                line += String(format: "; %.1f s", r.seconds)
                print(line)
                for failure in r.solutionFailingChecks { print("     solution: " + failure.replacingOccurrences(of: "\n", with: "\n       ")) }
            }
        }
        if interrupted { throw ExitCode(130) }
        throw ExitCode(results.allSatisfy { $0.ok } && results.count == selected.count ? 0 : 1)
    }
}
