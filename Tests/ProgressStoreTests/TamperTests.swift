import Foundation
import GRDB
import ProgressStore
import Testing
import TestSupport

/// Tampering as someone with `sqlite3` would do it: drop the append-only triggers, then
/// edit, delete or reorder rows. `verify` must notice and say which attempt.
@Suite struct TamperTests {
    /// A store with five attempts of Ann and two of Bob, and a raw connection to it.
    func history() throws -> (ProgressStore, DatabaseQueue, URL) {
        let (store, dir) = try Fixture.store()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        for index in 0..<5 {
            try store.record(Fixture.attempt(passed: index == 4, at: t0.addingTimeInterval(Double(index) * 60)), by: Fixture.ann)
        }
        for _ in 0..<2 { try store.record(Fixture.attempt("hello"), by: Fixture.bob) }
        #expect(try store.verify().isIntact)
        let raw = try DatabaseQueue(path: store.path)
        try raw.write { db in
            try db.execute(sql: "DROP TRIGGER attempt_append_only_update; DROP TRIGGER attempt_append_only_delete")
        }
        return (store, raw, dir)
    }

    @Test func editedRowIsNamed() throws {
        let (store, raw, dir) = try history()
        defer { Fixture.cleanUp(dir) }
        try raw.write { db in try db.execute(sql: "UPDATE attempt SET score = 100, passed = 1 WHERE learnerID = ? AND seq = 3", arguments: [Fixture.ann.id]) }
        let report = try store.verify()
        #expect(report.problems.map(\.kind) == [.edited])
        #expect(report.problems.first?.seq == 3 && report.problems.first?.learnerID == Fixture.ann.id)
        #expect(report.problems.first?.description.contains("attempt #3: edited") == true)
    }

    @Test func editedDockerfileIsNamed() throws {
        let (store, raw, dir) = try history()
        defer { Fixture.cleanUp(dir) }
        try raw.write { db in try db.execute(sql: "UPDATE attempt SET dockerfile = 'FROM scratch' WHERE learnerID = ? AND seq = 2", arguments: [Fixture.ann.id]) }
        let report = try store.verify()
        #expect(report.problems.map(\.kind) == [.dockerfileChanged])
        #expect(report.problems.first?.seq == 2)
    }

    @Test func deletedRowIsNamed() throws {
        let (store, raw, dir) = try history()
        defer { Fixture.cleanUp(dir) }
        try raw.write { db in try db.execute(sql: "DELETE FROM attempt WHERE learnerID = ? AND seq = 2", arguments: [Fixture.ann.id]) }
        let report = try store.verify()
        #expect(report.problems.map(\.kind) == [.deleted])
        #expect(report.problems.first?.seq == 2)
        #expect(report.problems.first?.message.contains("#2 is missing") == true)
    }

    @Test func deletedLastRowsAreNamed() throws {
        let (store, raw, dir) = try history()
        defer { Fixture.cleanUp(dir) }
        try raw.write { db in try db.execute(sql: "DELETE FROM attempt WHERE learnerID = ? AND seq >= 4", arguments: [Fixture.ann.id]) }
        let report = try store.verify()
        #expect(report.problems.map(\.kind) == [.deleted])
        #expect(report.problems.first?.message.contains("#4–#5 are missing") == true)
    }

    @Test func reorderedRowsAreNamed() throws {
        let (store, raw, dir) = try history()
        defer { Fixture.cleanUp(dir) }
        // Swap the positions of attempts 2 and 3.
        try raw.write { db in
            for (from, to) in [(2, -1), (3, 2), (-1, 3)] {
                try db.execute(sql: "UPDATE attempt SET seq = ? WHERE learnerID = ? AND seq = ?",
                               arguments: [to, Fixture.ann.id, from])
            }
        }
        let report = try store.verify()
        #expect(!report.isIntact)
        #expect(report.problems.allSatisfy { $0.kind == .reordered })
        // #2 and #3 hold each other's attempts, and #4 no longer follows the attempt before it.
        #expect(Set(report.problems.map(\.seq)) == [2, 3, 4])
        #expect(report.problems.first?.message.contains("recorded as #3") == true)
        // Bob's history is untouched and not blamed.
        #expect(report.problems.allSatisfy { $0.learnerID == Fixture.ann.id })
    }

    @Test func cliVerifyExitsOneAndSaysWhich() throws {
        let (store, raw, dir) = try history()
        defer { Fixture.cleanUp(dir) }
        let binary = RepoPaths.product("dockerlings")
        let clean = try runProcess(binary, ["progress", "--verify", "--db", store.path])
        #expect(clean.status == 0, "\(clean.stderrText)")
        #expect(clean.stdoutText.contains("7 attempts of 2 learner(s) verified"))
        try raw.write { db in try db.execute(sql: "UPDATE attempt SET exerciseID = 'other' WHERE learnerID = ? AND seq = 1", arguments: [Fixture.bob.id]) }
        let tampered = try runProcess(binary, ["progress", "--verify", "--db", store.path])
        #expect(tampered.status == 1)
        #expect(tampered.stdoutText.contains("bob@example.com attempt #1: edited"))
    }
}
