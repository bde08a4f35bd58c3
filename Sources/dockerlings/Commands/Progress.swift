import ArgumentParser
import Foundation
import ProgressStore

struct Progress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show what you have done, what is under way and what is left.",
        discussion: """
            Every `dockerlings check` is recorded in your progress database, attempt after \
            attempt. This shows each exercise as done, in progress or not started, with your \
            best score, the number of attempts and the time spent, and how the flagship \
            exercise's image shrank.

            Your history is append-only and hash-chained: each attempt's hash covers its \
            content and the hash before it. `--verify` re-walks the chain and names any \
            attempt that was edited, deleted or reordered since it was recorded.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "text or json.")
    var format: TextOrJSON = .text

    @Flag(help: "Check the attempt history for tampering instead; exit 1 if anything is wrong.")
    var verify = false

    func run() throws {
        let db = try failing { try store.openStoreToRead() }
        if verify {
            let report = try failing { try db.verify() }
            if format == .json {
                struct Out: Encodable { var intact: Bool; var learners: Int; var attempts: Int; var problems: [String] }
                try printJSON(Out(intact: report.isIntact, learners: report.learnersChecked,
                                  attempts: report.attemptsChecked, problems: report.problems.map(\.description)))
            } else if report.isIntact {
                print("History intact: \(report.attemptsChecked) attempts of \(report.learnersChecked) learner(s) verified.")
            } else {
                print("History has been tampered with (\(report.problems.count) problem(s)):")
                for problem in report.problems { print("  \(problem)") }
            }
            if !report.isIntact { throw ExitCode(1) }
            return
        }
        let summary = try failing { try db.summary(for: store.resolvedLearner(), catalog: store.catalog()) }
        if format == .json { try printJSON(summary) } else { print(summary.plainText()) }
    }
}
