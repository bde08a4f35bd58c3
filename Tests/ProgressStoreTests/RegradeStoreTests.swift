import CSV
import Foundation
import ProgressStore
import Testing
import TestSupport

/// Re-grades beside the claims in a real SQLite gradebook: the claimed rows stay as they
/// came, every difference is flagged, and every export format reads the re-grades.
@Suite struct RegradeStoreTests {
    /// Ann's claims: flagship passed (Fixture's report: lint, stages, healthcheck all pass, 10/10).
    func gradebook() throws -> (ProgressStore, URL, Attempt) {
        let (store, dir) = try Fixture.store()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        try store.record(Fixture.attempt(passed: false, at: t0), by: Fixture.ann)
        let best = try store.record(Fixture.attempt(passed: true, at: t0.addingTimeInterval(60)), by: Fixture.ann)
        return (store, dir, best)
    }

    /// What a trusted engine found: the stages check fails after all.
    func refuting() -> GradeReport {
        GradeReport(checks: [
            .init(id: "lint", title: "Lint is clean", status: .pass, points: 4, pointsPossible: 4),
            .init(id: "stages", title: "At least two stages", status: .fail, detail: "found 1 stage", points: 0, pointsPossible: 6),
            .init(id: "healthcheck", title: "HEALTHCHECK present", status: .pass, points: 0, pointsPossible: 0),
        ], points: 4, pointsPossible: 10)
    }

    func export(_ store: ProgressStore, _ format: ExportFormat, dir: URL) throws -> String {
        let url = dir.appendingPathComponent("export.\(format.rawValue)")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try store.export(format, catalog: Fixture.catalog, to: handle)
        try handle.close()
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    @Test func aRefutedClaimIsFlaggedAndTheClaimStaysAsItCame() throws {
        let (store, dir, best) = try gradebook()
        defer { Fixture.cleanUp(dir) }
        let before = try store.attempts(of: Fixture.ann.id)
        let record = try store.recordRegrade(of: try #require(best.id), report: refuting(), engine: "lab-2", toolVersion: "test")
        #expect(record.differences.map(\.description) == [
            "score: claimed 100, re-graded 40",
            "passed: claimed yes, re-graded no",
            "check stages: claimed pass, re-graded fail",
        ])
        #expect(record.differences.last?.detail == "found 1 stage")
        // The claims are untouched and still verify link by link.
        #expect(try store.attempts(of: Fixture.ann.id) == before)
        #expect(try store.verify().isIntact)
        #expect(try store.latestRegrades(of: Fixture.ann.id).map(\.id) == [record.id])

        // An agreeing re-grade of the same attempt, later, is the one that counts.
        let claimed = try best.decodedReport()
        let confirmed = try store.recordRegrade(of: try #require(best.id), report: claimed, engine: "lab-1", toolVersion: "test")
        #expect(confirmed.differences.isEmpty)
        #expect(try store.latestRegrades(of: Fixture.ann.id).map(\.id) == [confirmed.id])
    }

    @Test func everyExportFormatReadsTheRegrades() throws {
        let (store, dir, best) = try gradebook()
        defer { Fixture.cleanUp(dir) }
        try store.recordRegrade(of: try #require(best.id), report: refuting(), engine: "lab-2", toolVersion: "test")

        // csv: the claimed columns as claimed, the regraded_* ones beside them.
        let reader = try CSVReader(string: try export(store, .csv, dir: dir))
        var table: [[String]] = []
        while let row = reader.next() { table.append(row) }
        let header = try #require(table.first)
        let row = try #require(table.first { $0.first == Fixture.ann.id && $0.count > 2 && $0[2] == "flask-multistage" })
        func cell(_ column: String) -> String? { header.firstIndex(of: column).map { row[$0] } }
        #expect(cell("best_score") == "100" && cell("points") == "30" && cell("status") == "done")
        #expect(cell("regraded_score") == "40" && cell("regraded_points") == "12" && cell("regraded_status") == "in progress")
        #expect(cell("regrade_engine") == "lab-2")
        #expect(cell("regrade_differences")?.contains("#2 score: claimed 100, re-graded 40") == true)
        // An exercise not re-graded has the columns empty.
        let hello = try #require(table.first { $0.first == Fixture.ann.id && $0.count > 2 && $0[2] == "hello" })
        #expect(header.firstIndex(of: "regraded_score").map { hello[$0] } == "")

        // canvas, moodle and classroom grade with the re-graded points.
        #expect(try export(store, .canvas, dir: dir).contains("Ann,,ann@example.com,,,12,"))
        let moodle = try export(store, .moodle, dir: dir)
        #expect(moodle.contains("ann@example.com,,not started,12,") && moodle.contains("re-graded 40% on lab-2 (differs from the claim"))
        let classroom = try #require(try JSONSerialization.jsonObject(with: Data(try export(store, .classroom, dir: dir).utf8)) as? [[String: Any]])
        #expect(classroom.first { $0["learner"] as? String == Fixture.ann.id }?["points_awarded"] as? Double == 12)

        // json: the standing's "regraded" object and the re-grade's checks.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try export(store, .json, dir: dir).utf8)) as? [[String: Any]])
        let flagship = try #require(json.first { $0["learnerID"] as? String == Fixture.ann.id && $0["exerciseID"] as? String == "flask-multistage" })
        let regraded = try #require(flagship["regraded"] as? [String: Any])
        #expect(regraded["score"] as? Double == 40 && regraded["engine"] as? String == "lab-2")
        #expect((flagship["regradedChecks"] as? [[String: Any]])?.first { $0["id"] as? String == "stages" }?["status"] as? String == "fail")
        #expect((flagship["checks"] as? [[String: Any]])?.first { $0["id"] as? String == "stages" }?["status"] as? String == "pass")

        // junit: the re-grade's checks are the cases.
        let junit = try export(store, .junit, dir: dir)
        #expect(junit.contains("id=\"stages\"><failure message=\"found 1 stage\"/>"))
    }
}
