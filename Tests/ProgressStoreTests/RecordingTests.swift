import Foundation
import GRDB
@testable import ProgressStore
import Testing
import TestSupport

@Suite struct RecordingTests {
    /// A binary file saved over a Dockerfile: SQLite's text would end at its first NUL, and
    /// the chain would then say the stored Dockerfile was edited.
    @Test func aDockerfileWithNULBytesIsStoredAsShownAndTheChainHolds() throws {
        let (store, dir) = try Fixture.store()
        defer { Fixture.cleanUp(dir) }
        var attempt = Fixture.attempt()
        attempt.dockerfile = "FROM\u{0}busybox\nRUN\u{0}\n"
        try store.record(attempt, by: Fixture.ann)
        let stored = try #require(try store.attempts(of: Fixture.ann.id).first)
        #expect(stored.dockerfile == "FROM\u{FFFD}busybox\nRUN\u{FFFD}\n")
        #expect(try store.verify().isIntact)
    }

    @Test func recordsEveryFactOfAnAttemptAndChainsThem() throws {
        let (store, dir) = try Fixture.store()
        defer { Fixture.cleanUp(dir) }
        let first = try store.record(Fixture.attempt(passed: false, image: 90_000_000, hints: ["h1"]), by: Fixture.ann)
        let second = try store.record(Fixture.attempt(passed: true, hints: ["h1", "h2"]), by: Fixture.ann)

        #expect(first.seq == 1 && second.seq == 2)
        #expect(first.prevHash == String(repeating: "0", count: 64))
        #expect(second.prevHash == first.hash)
        #expect(first.hash != second.hash && first.hash.count == 64)

        let stored = try store.attempts(of: Fixture.ann.id)
        #expect(stored.count == 2)
        let a = try #require(stored.first)
        #expect(a.exerciseID == "flask-multistage")
        #expect(a.passed == false && a.score == 40 && a.points == 4 && a.pointsPossible == 10)
        #expect(a.imageBytes == 90_000_000 && a.baselineBytes == 120_000_000)
        #expect(a.dockerfile == "FROM python:3.12-slim\nUSER app\n")
        #expect(a.toolVersion == "0.1.0-test")
        #expect(a.hintsSeen == #"["h1"]"#)
        #expect(a.finishedAt.timeIntervalSince(a.startedAt) == 12)
        let report = try a.decodedReport()
        #expect(report == Fixture.report(passed: false, image: 90_000_000))
        #expect(report.checks.map(\.status) == [.pass, .fail, .skip])

        // The outcome of every check is also a row of its own.
        let queue = try DatabaseQueue(path: store.path)
        let statuses = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT status FROM checkOutcome WHERE attemptID = ? ORDER BY position", arguments: [a.id])
        }
        #expect(statuses == ["pass", "fail", "skip"])
        #expect(try store.verify().isIntact)
    }

    @Test func dockerfileHashIsSHA256OfItsText() throws {
        let (store, dir) = try Fixture.store()
        defer { Fixture.cleanUp(dir) }
        var attempt = Fixture.attempt()
        attempt.dockerfile = "abc"
        let stored = try store.record(attempt, by: Fixture.ann)
        // The well-known SHA-256 test vector for "abc".
        #expect(stored.dockerfileSHA256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func storeUsesWALForeignKeysAndIsAppendOnly() throws {
        let (store, dir) = try Fixture.store()
        defer { Fixture.cleanUp(dir) }
        try store.record(Fixture.attempt(passed: false), by: Fixture.ann)
        let queue = try DatabaseQueue(path: store.path)
        let mode = try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "UPDATE attempt SET score = 100") }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "DELETE FROM attempt") }
        }
        let migrations = try queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(migrations == Schema.migrator.migrations, "every named step applied, in order")
        #expect(try store.attempts(of: Fixture.ann.id).first?.score == 40)
    }

    @Test func standingsAreReadFromTheCoveringIndexNotTheRows() throws {
        let (store, dir) = try Fixture.store()
        defer { Fixture.cleanUp(dir) }
        try store.record(Fixture.attempt(passed: true), by: Fixture.ann)
        let queue = try DatabaseQueue(path: store.path)
        for oneLearner in [true, false] {
            let arguments: StatementArguments = oneLearner ? [Fixture.ann.id] : []
            let plan = try queue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + ProgressStore.attemptsSQL(oneLearner: oneLearner), arguments: arguments)
                    .map { $0["detail"] as String }
            }
            // A plan that reads the table (or sorts) would read every stored Dockerfile and report.
            #expect(plan == [oneLearner ? "SEARCH attempt USING COVERING INDEX attempt_standing (learnerID=?)"
                                        : "SCAN attempt USING COVERING INDEX attempt_standing"], "\(plan)")
        }
        #expect(try store.standings(catalog: [], learnerID: Fixture.ann.id).first?.status == .done)
    }

    @Test func lessonReadsKeepFirstOpenedAndFinished() throws {
        let (store, dir) = try Fixture.store()
        defer { Fixture.cleanUp(dir) }
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        try store.recordLessonRead("01-images", by: Fixture.ann, finished: false, at: t0)
        try store.recordLessonRead("01-images", by: Fixture.ann, finished: false, at: t0.addingTimeInterval(60))
        try store.recordLessonRead("01-images", by: Fixture.ann, finished: true, at: t0.addingTimeInterval(300))
        let reads = try store.lessonReads(of: Fixture.ann.id)
        #expect(reads.count == 1)
        #expect(reads.first?.firstOpenedAtMs == 1_800_000_000_000)
        #expect(reads.first?.finishedAtMs == 1_800_000_300_000)
    }

    @Test func summaryShowsDoneInProgressNotStartedAndTheFlagshipTrend() throws {
        let (store, dir) = try Fixture.store()
        defer { Fixture.cleanUp(dir) }
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        try store.record(Fixture.attempt(passed: false, image: 300_000_000, at: t0), by: Fixture.ann)
        try store.record(Fixture.attempt(passed: false, image: 150_000_000, at: t0.addingTimeInterval(120)), by: Fixture.ann)
        try store.record(Fixture.attempt(passed: true, image: 60_000_000, at: t0.addingTimeInterval(600)), by: Fixture.ann)
        try store.record(Fixture.attempt("hello", passed: false, at: t0.addingTimeInterval(7200)), by: Fixture.ann)

        let summary = try store.summary(for: Fixture.ann, catalog: Fixture.catalog)
        #expect(summary.done == 1 && summary.inProgress == 1 && summary.notStarted == 1)
        #expect(summary.attempts == 4)
        let flagship = try #require(summary.exercises.first { $0.exerciseID == "flask-multistage" })
        #expect(flagship.status == .done && flagship.bestScore == 100 && flagship.attempts == 3)
        #expect(flagship.points == 30)  // scaled to the catalogue's weight
        // Three 12 s attempts plus the 108 s and 468 s gaps between them (both under 30 min).
        #expect(flagship.timeSpentSeconds == 36 + 108 + 468)
        #expect(summary.flagship?.points.map(\.imageBytes) == [300_000_000, 150_000_000, 60_000_000])
        let text = summary.plainText()
        #expect(text.contains("1 done · 1 in progress · 1 not started"))
        #expect(text.contains("healthcheck") && text.contains("not started"))
    }

    @Test func locationAndIdentityFollowFlagsThenEnvironmentThenDefaults() throws {
        let dir = try RepoPaths.temporaryDirectory("store-location")
        defer { Fixture.cleanUp(dir) }
        let nested = dir.appendingPathComponent("Exercises/hello")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        #expect(StoreLocation.resolve(explicit: "/x/y.sqlite", environment: ["DOCKERLINGS_DB": "/z.sqlite"], currentDirectory: nested).path == "/x/y.sqlite")
        #expect(StoreLocation.resolve(explicit: nil, environment: ["DOCKERLINGS_DB": "/z.sqlite"], currentDirectory: nested).path == "/z.sqlite")
        // Nothing there yet: the user's data folder (XDG).
        #expect(StoreLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/e"], currentDirectory: nested).path
                == "/data/dockerlings/progress.sqlite")
        #expect(StoreLocation.resolve(explicit: nil, environment: ["HOME": "/home/e"], currentDirectory: nested).path
                == "/home/e/.local/share/dockerlings/progress.sqlite")
        // A database already in a folder above: that one.
        let existing = dir.appendingPathComponent(".dockerlings/progress.sqlite")
        try FileManager.default.createDirectory(at: existing.deletingLastPathComponent(), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: existing.path, contents: Data())
        #expect(StoreLocation.resolve(explicit: nil, environment: ["HOME": "/home/e"], currentDirectory: nested).path
                == existing.standardizedFileURL.path)
        #expect(LearnerIdentity.resolve(explicit: "carol", environment: [:]) == Learner(id: "carol", name: "carol"))
        #expect(!LearnerIdentity.resolve(explicit: nil, environment: ["USER": "dave"]).id.isEmpty)
        // git's user.email names the learner, user.name gives the name shown.
        let home = dir.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try "[user]\n\tname = Erin Example\n\temail = erin@example.org\n".write(to: home.appendingPathComponent(".gitconfig"), atomically: true, encoding: .utf8)
        let gitEnvironment = ["HOME": home.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "USER": "dave"]
        #expect(LearnerIdentity.resolve(explicit: nil, environment: gitEnvironment) == Learner(id: "erin@example.org", name: "Erin Example"))
        #expect(LearnerIdentity.resolve(explicit: "carol", environment: gitEnvironment).id == "carol")
    }
}
