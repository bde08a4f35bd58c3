import CSV
import Foundation
import ProgressStore
import Testing
import TestSupport

/// Every export format, read back the way a gradebook would read it.
@Suite struct ExportTests {
    /// Ann: flagship done after a failed try, hello in progress. Bob: nothing yet.
    func classStore() throws -> (ProgressStore, URL) {
        let (store, dir) = try Fixture.store()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        try store.record(Fixture.attempt(passed: false, image: 200_000_000, at: t0, hints: ["h1"]), by: Fixture.ann)
        try store.record(Fixture.attempt(passed: true, image: 30_000_000, at: t0.addingTimeInterval(60), hints: ["h1", "h2"]), by: Fixture.ann)
        try store.record(Fixture.attempt("hello", passed: false, at: t0.addingTimeInterval(120)), by: Fixture.ann)
        try store.recordLessonRead("01-images", by: Fixture.bob, finished: false)
        return (store, dir)
    }

    func export(_ store: ProgressStore, _ format: ExportFormat, dir: URL) throws -> String {
        let url = dir.appendingPathComponent("export.\(format.rawValue)")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try store.export(format, catalog: Fixture.catalog, to: handle)
        try handle.close()
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    func rows(_ text: String) throws -> [[String]] {
        let reader = try CSVReader(string: text)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        return rows.filter { $0 != [""] }
    }

    @Test func detailedCSVHasARowPerLearnerAndExercise() throws {
        let (store, dir) = try classStore()
        defer { Fixture.cleanUp(dir) }
        let table = try rows(try export(store, .csv, dir: dir))
        let header = try #require(table.first)
        #expect(header.contains("best_image_bytes") && header.contains("reduction_percent") && header.contains("hints_used"))
        #expect(table.count == 1 + 2 * 3)
        func cell(_ learner: String, _ exercise: String, _ column: String) -> String? {
            guard let row = table.first(where: { $0[0] == learner && $0[2] == exercise }),
                  let index = header.firstIndex(of: column) else { return nil }
            return row[index]
        }
        #expect(cell(Fixture.ann.id, "flask-multistage", "status") == "done")
        #expect(cell(Fixture.ann.id, "flask-multistage", "best_score") == "100")
        #expect(cell(Fixture.ann.id, "flask-multistage", "points") == "30")
        #expect(cell(Fixture.ann.id, "flask-multistage", "attempts") == "2")
        #expect(cell(Fixture.ann.id, "flask-multistage", "best_image_bytes") == "30000000")
        #expect(cell(Fixture.ann.id, "flask-multistage", "baseline_bytes") == "120000000")
        #expect(cell(Fixture.ann.id, "flask-multistage", "reduction_percent") == "75")
        #expect(cell(Fixture.ann.id, "flask-multistage", "hints_used") == "2")
        #expect(cell(Fixture.ann.id, "flask-multistage", "first_attempt_at") == "2027-01-15T08:00:00Z")
        #expect(cell(Fixture.ann.id, "hello", "status") == "in progress")
        #expect(cell(Fixture.bob.id, "healthcheck", "status") == "not started")
        #expect(cell(Fixture.bob.id, "healthcheck", "points_possible") == "10")
    }

    @Test func csvQuotesWhatNeedsQuoting() throws {
        let (store, dir) = try Fixture.store()
        defer { Fixture.cleanUp(dir) }
        try store.record(Fixture.attempt(), by: Learner(id: "o'neil@example.com", name: "O'Neil, \"Shaq\"\nJr."))
        let table = try rows(try export(store, .csv, dir: dir))
        #expect(table.dropFirst().first?[1] == "O'Neil, \"Shaq\"\nJr.")
    }

    @Test func canvasMoodleAndClassroomShapes() throws {
        let (store, dir) = try classStore()
        defer { Fixture.cleanUp(dir) }
        let canvas = try rows(try export(store, .canvas, dir: dir))
        #expect(canvas[0] == ["Student", "ID", "SIS Login ID", "Section", "Hello, Dockerfile (hello)",
                              "Slim Flask image (flask-multistage)", "Health checks (healthcheck)"])
        #expect(canvas[1] == ["Points Possible", "", "", "", "10", "30", "10"])
        #expect(canvas[2] == ["Ann", "", Fixture.ann.id, "", "4", "30", ""])
        #expect(canvas[3] == ["Bob", "", Fixture.bob.id, "", "", "", ""])

        let moodle = try rows(try export(store, .moodle, dir: dir))
        #expect(moodle[0] == ["Email address", "hello", "hello feedback", "flask-multistage", "flask-multistage feedback",
                              "healthcheck", "healthcheck feedback"])
        #expect(moodle[1][0] == Fixture.ann.id && moodle[1][3] == "30")
        #expect(moodle[1][4].contains("done; best score 100%") && moodle[1][4].contains("75% smaller"))
        #expect(moodle[2][6] == "not started")

        let classroom = try JSONSerialization.jsonObject(with: Data(try export(store, .classroom, dir: dir).utf8)) as? [[String: Any]]
        #expect(classroom?.first?["learner"] as? String == Fixture.ann.id)
        #expect(classroom?.first?["points_awarded"] as? Double == 34)
        #expect(classroom?.first?["points_available"] as? Double == 50)
    }

    @Test func junitHasASuitePerLearnerAndACasePerCheck() throws {
        let (store, dir) = try classStore()
        defer { Fixture.cleanUp(dir) }
        let xml = try export(store, .junit, dir: dir)
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"))
        #expect(xml.hasSuffix("</testsuites>\n"))
        // Split into suites; each must close what it opens.
        let suites = xml.components(separatedBy: "<testsuite ").dropFirst()
        #expect(suites.count == 2)
        let ann = try #require(suites.first { $0.hasPrefix("name=\"\(Fixture.ann.id)\"") })
        let bob = try #require(suites.first { $0.hasPrefix("name=\"\(Fixture.bob.id)\"") })
        func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
        // hello's best attempt: 3 checks; flagship's best: 3 checks; healthcheck not started: 1.
        #expect(count("<testcase ", in: ann) == 7 && count("</testcase>", in: ann) == 7)
        // Skipped: hello's unfinished check and the exercise not started.
        #expect(ann.contains("tests=\"7\" failures=\"1\" errors=\"0\" skipped=\"2\""))
        #expect(ann.contains("<failure message=\"found 1 stage\"/>"))
        // The exact layout gradebooks have read since the first release.
        #expect(ann.contains("\n    <testcase classname=\"flask-multistage\" name=\"Lint is clean\" id=\"lint\"></testcase>\n"))
        #expect(count("<skipped message=\"not started\"/>", in: bob) == 3)
    }

    /// A learner id, exercise title or check detail can hold any text; the JUnit file must
    /// still parse, and keep everything XML can hold.
    @Test func junitIsWellFormedXMLWhateverTheNamesHold() throws {
        let (store, dir) = try Fixture.store()
        defer { Fixture.cleanUp(dir) }
        let odd = "od\u{1}d<&>\"'\n\tname\u{1B}\u{FFFE}"
        var attempt = Fixture.attempt(passed: false)
        attempt.report.checks[1].title = odd
        attempt.report.checks[1].detail = odd
        try store.record(attempt, by: Learner(id: odd, name: odd))
        let elements = try XMLReader.elements(of: try export(store, .junit, dir: dir))
        let kept = "od\u{FFFD}d<&>\"'\n\tname\u{FFFD}\u{FFFD}"
        #expect(elements.first { $0.name == "testsuite" }?.attributes["name"] == kept)
        #expect(elements.contains { $0.name == "testcase" && $0.attributes["name"] == kept })
        #expect(elements.contains { $0.name == "failure" && $0.attributes["message"] == kept })
    }

    @Test func jsonCarriesEverythingIncludingChecks() throws {
        let (store, dir) = try classStore()
        defer { Fixture.cleanUp(dir) }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try export(store, .json, dir: dir).utf8)) as? [[String: Any]])
        #expect(json.count == 6)
        let flagship = try #require(json.first { $0["learnerID"] as? String == Fixture.ann.id && $0["exerciseID"] as? String == "flask-multistage" })
        #expect(flagship["status"] as? String == "done")
        #expect(flagship["bestImageBytes"] as? Int == 30_000_000)
        #expect((flagship["checks"] as? [[String: Any]])?.map { $0["status"] as? String } == ["pass", "pass", "pass"])
    }

    @Test func cliExportAndProgressWork() throws {
        let (store, dir) = try classStore()
        defer { Fixture.cleanUp(dir) }
        let binary = RepoPaths.product("dockerlings")
        // A course with no exercises: only the exercises with attempts are listed.
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKERLINGS_COURSE"] = dir.path
        let csv = try runProcess(binary, ["export", "--db", store.path, "--all", "--format", "csv"], environment: environment)
        #expect(csv.status == 0, "\(csv.stderrText)")
        #expect(try rows(csv.stdoutText).count == 1 + 2 * 2)
        let progress = try runProcess(binary, ["progress", "--db", store.path, "--learner", Fixture.ann.id, "--format", "json"])
        #expect(progress.status == 0, "\(progress.stderrText)")
        let summary = try JSONSerialization.jsonObject(with: progress.stdout) as? [String: Any]
        #expect(summary?["attempts"] as? Int == 3)
        let foreign = dir.appendingPathComponent("notes.txt")
        try Data("hello".utf8).write(to: foreign)
        let refused = try runProcess(binary, ["progress", "--db", foreign.path])
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("not a dockerlings progress database"))
        #expect(Fixture.bytes(foreign) == Data("hello".utf8))
    }
}
