import ArgumentParser
import Foundation
import ProgressStore

/// Hidden: records synthetic attempts through the real store, printing each sequence
/// number once `record` has returned. The store's crash and concurrency tests drive it
/// as a child process (kill it mid-run, or run two at once); it is not for learners.
struct RecordDrill: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_record-drill",
        abstract: "Record synthetic attempts (store tests only).",
        shouldDisplay: false)

    @Option var db: String
    @Option var learner: String
    @Option var count: Int = 1000
    @Option var exercise: String = "drill"

    func run() throws {
        let store = try failing { try ProgressStore.open(at: URL(fileURLWithPath: db)) }
        let who = Learner(id: learner, name: learner)
        let out = FileHandle.standardOutput
        for index in 0..<count {
            let now = Date()
            let report = GradeReport(
                checks: [GradeReport.Check(id: "build", title: "It builds", status: index % 3 == 0 ? .fail : .pass,
                                           detail: "attempt \(index)")],
                metrics: GradeReport.Metrics(imageBytes: Int64(50_000_000 - index * 1000), baselineBytes: 50_000_000),
                points: index % 3 == 0 ? 0 : 10, pointsPossible: 10)
            let attempt = try failing {
                try store.record(NewAttempt(exerciseID: exercise, startedAt: now, finishedAt: now, report: report,
                                            dockerfile: "FROM scratch\n# \(index)\n", toolVersion: DockerlingsVersion.current),
                                 by: who)
            }
            // Unbuffered: the parent must only ever see seqs whose record has returned.
            out.write(Data("\(attempt.seq)\n".utf8))
        }
    }
}
