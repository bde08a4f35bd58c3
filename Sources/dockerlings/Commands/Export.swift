import ArgumentParser
import Foundation
import ProgressStore

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export progress in the form a gradebook takes.",
        discussion: """
            Formats: csv (a row per learner and exercise: status, best score, points, \
            attempts, first and last attempt, best image bytes, baseline bytes, reduction, \
            hints used), json (the same in full, with the best attempt's checks), junit (a \
            suite per learner, a case per check), canvas (Canvas gradebook import), moodle \
            (Moodle grade import), classroom (GitHub Classroom points_awarded / \
            points_available). For a whole class, see `dockerlings gradebook export`.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "csv, json, junit, canvas, moodle or classroom.")
    var format: ExportFormat = .csv

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @Flag(help: "Export every learner in the database, not only you.")
    var all = false

    func run() throws {
        let db = try failing { try store.openStoreToRead() }
        let handle = try outputHandle(out)
        let learner = all ? nil : store.resolvedLearner().id
        try failing { try db.export(format, catalog: store.catalog(), learnerID: learner, to: handle) }
    }
}
