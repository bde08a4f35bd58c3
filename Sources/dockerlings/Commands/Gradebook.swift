import ArgumentParser
import Foundation
import ProgressStore

struct Gradebook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradebook",
        abstract: "Collect the class's bundles into one gradebook and export it.",
        discussion: """
            The gradebook is a progress database holding every learner: `import` merges \
            bundles into it, `export` gives the formats of `dockerlings export` for the \
            whole class.
            """,
        subcommands: [Import.self, ExportClass.self])

    struct Location: ParsableArguments {
        @Option(help: ArgumentHelp("The instructor's database.", valueName: "path"))
        var gradebook: String = "gradebook.sqlite"

        /// `creating` false for a command that only reads it: a mistyped path is an error.
        func open(creating: Bool = true) throws -> ProgressStore {
            try ProgressStore.open(at: URL(fileURLWithPath: gradebook), creating: creating)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Merge learners' bundles into the gradebook.",
            discussion: """
                Each bundle's hash chain is verified, and with --key its signature; a \
                bundle already imported is refused, one that extends an imported history \
                adds only its new attempts. Refused bundles are listed with the reason and \
                change nothing. Exit status 1 if any bundle was refused.
                """)

        @OptionGroup var location: Location
        @OptionGroup var signing: BundleKeyOptions

        @Argument(help: ArgumentHelp("Bundles written by `dockerlings submit`.", valueName: "bundle"))
        var bundles: [String]

        func run() throws {
            let db = try failing { try location.open() }
            let key = try signing.resolve()
            let results = try failing { try db.importBundles(bundles.map { URL(fileURLWithPath: $0) }, key: key) }
            var rejected = 0
            for result in results {
                switch result.outcome {
                case .imported(let learner, let count, let checked):
                    print("imported  \(result.source): \(count) new attempt(s) of \(learner)\(checked ? ", signature verified" : "")")
                case .rejected(let error):
                    rejected += 1
                    print("rejected  \(result.source): \(error.description)")
                }
            }
            print("\(results.count - rejected) imported, \(rejected) rejected.")
            if key == nil { print("(signatures not checked: pass --key to require signed bundles)") }
            if rejected > 0 { throw ExitCode(1) }
        }
    }

    struct ExportClass: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export the whole class (csv, json, junit, canvas, moodle, classroom).",
            discussion: """
                After `dockerlings regrade`, the re-grades are in the export beside the claims: \
                csv in its regraded_status, regraded_score, regraded_points, regrade_engine and \
                regrade_differences columns; json in each row's "regraded" object and \
                "regradedChecks"; canvas, moodle and classroom grade with the re-graded points \
                (moodle's feedback says whether they differ from the claim); junit lists the \
                re-grade's checks.
                """)

        @OptionGroup var location: Location

        @Option(help: "csv, json, junit, canvas, moodle or classroom.")
        var format: ExportFormat = .csv

        @Option(help: "Write to this file instead of standard output.")
        var out: String?

        @Option(help: ArgumentHelp("The course folder (holding Exercises/), for \"not started\" and the points possible. Default: as for check.", valueName: "dir"))
        var course: String?

        func run() throws {
            let db = try failing { try location.open(creating: false) }
            let handle = try outputHandle(out)
            try failing { try db.export(format, catalog: catalog(), to: handle) }
        }

        private func catalog() -> [ExerciseInfo] {
            CourseOptions.exerciseInfos(course: course, flagship: nil)
        }
    }
}
