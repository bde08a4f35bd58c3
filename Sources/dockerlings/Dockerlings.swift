import ArgumentParser
import Foundation

/// The entry point. Each subcommand lives in Commands/ as one small type; this file only
/// lists them. Commands parse arguments and wire modules; the work lives in the modules.
@main
struct Dockerlings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dockerlings",
        abstract: "A self-paced Docker course in your terminal, and the grader behind it.",
        discussion: """
            Run `dockerlings` alone to see where you stand and what to do next. Learners \
            read lessons, edit real Dockerfiles and get them graded. The linter \
            (`lint`), the parser (`parse`) and the image analyser (`analyze`) also stand alone \
            in any CI.
            """,
        version: DockerlingsVersion.current,
        subcommands: [
            Home.self,
            Init.self,
            List.self,
            Check.self,
            Watch.self,
            Hint.self,
            Reset.self,
            Solution.self,
            Verify.self,
            Doctor.self,
            Parse.self,
            Read.self,
            Progress.self,
            Export.self,
            Submit.self,
            Gradebook.self,
            Regrade.self,
            RecordDrill.self,
            Analyze.self,
            Measure.self,
            Lint.self,
            Rules.self,
            Explain.self,
        ],
        defaultSubcommand: Home.self
    )

    /// ArgumentParser's own entry point, except that a usage error (an unknown option, a
    /// missing argument, a value a command refuses) exits with 2 rather than 64, as
    /// hadolint, grep and diff do: 0 and 1 carry each command's answer, 2 says "could not
    /// even try". Help and --version still exit 0.
    ///
    /// A plain `lint` command line skips ArgumentParser altogether (see LintQuickStart).
    static func main() async {
        do {
            if let lint = LintQuickStart.request(CommandLine.arguments) {
                if lint.baseImages == "local" { try await lint.run() } else { try lint.runWithoutEngine() }
                return
            }
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let status as ExitCode {
            // A command's answer (lint's 1 for findings): ArgumentParser would first render
            // the usage text it then throws away.
            Foundation.exit(status.rawValue)
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

enum DockerlingsVersion {
    static let current = "0.1.0"
}
