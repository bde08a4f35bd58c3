import Foundation
import GRDB
import ProgressStore
import Testing
import TestSupport

/// Whatever sits at the database path, the store either uses it safely or refuses with an
/// error that says what to do, and never writes a byte into a file that is not its own.
@Suite struct FileSafetyTests {
    func expectRefusedUntouched(_ contents: Data, _ check: (ProgressStoreError) -> Bool) throws {
        let dir = try RepoPaths.temporaryDirectory("store-file")
        defer { Fixture.cleanUp(dir) }
        let url = dir.appendingPathComponent("progress.sqlite")
        try contents.write(to: url)
        do {
            _ = try ProgressStore.open(at: url)
            Issue.record("opened a file that is not a dockerlings store")
        } catch let error as ProgressStoreError {
            #expect(check(error), "\(error)")
            #expect(error.description.contains("untouched"))
        }
        #expect(Fixture.bytes(url) == contents)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(leftovers == ["progress.sqlite"], "no -wal/-shm files were created beside it")
    }

    @Test func textFileIsRefusedAndUntouched() throws {
        try expectRefusedUntouched(Data("my notes\nnot a database\n".utf8)) {
            if case .notADatabase = $0 { true } else { false }
        }
    }

    @Test func randomBytesAreRefusedAndUntouched() throws {
        var generator = SystemRandomNumberGenerator()
        let junk = Data((0..<65_536).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try expectRefusedUntouched(junk) { if case .notADatabase = $0 { true } else { false } }
    }

    @Test func foreignSQLiteDatabaseIsRefusedAndUntouched() throws {
        let dir = try RepoPaths.temporaryDirectory("store-foreign")
        defer { Fixture.cleanUp(dir) }
        let other = dir.appendingPathComponent("other.sqlite")
        let queue = try DatabaseQueue(path: other.path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('bread')")
        }
        try queue.close()
        let contents = try #require(Fixture.bytes(other))
        try expectRefusedUntouched(contents) { if case .foreignDatabase = $0 { true } else { false } }
    }

    @Test func corruptStoreGivesAClearErrorAndIsNotOverwritten() throws {
        let (store, dir) = try Fixture.store()
        defer { Fixture.cleanUp(dir) }
        for index in 0..<50 { try store.record(Fixture.attempt(at: Date(timeIntervalSince1970: Double(index))), by: Fixture.ann) }
        let path = store.path
        // Checkpoint into the main file and close, then damage every page after the first.
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        var bytes = try #require(Fixture.bytes(URL(fileURLWithPath: path)))
        for index in 4096..<bytes.count { bytes[index] = UInt8(truncatingIfNeeded: index &* 31) }
        try bytes.write(to: URL(fileURLWithPath: path))
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }

        do {
            let reopened = try ProgressStore.open(at: URL(fileURLWithPath: path))
            _ = try reopened.attempts(of: Fixture.ann.id)
            Issue.record("read a damaged database without complaint")
        } catch let error as ProgressStoreError {
            guard case .corrupt = error else { Issue.record("expected .corrupt, got \(error)"); return }
            #expect(error.description.contains("damaged"))
        }
        #expect(Fixture.bytes(URL(fileURLWithPath: path)) == bytes)
    }

    @Test func readOnlyLocationGivesAClearError() throws {
        // Root ignores file modes, so use a folder the kernel itself refuses (sysfs) when root;
        // otherwise a folder made read-only.
        let dir = try RepoPaths.temporaryDirectory("store-readonly")
        defer {
            chmod(dir.path, 0o755)
            Fixture.cleanUp(dir)
        }
        var target = dir.appendingPathComponent("locked/progress.sqlite")
        if geteuid() == 0 {
            target = URL(fileURLWithPath: "/sys/dockerlings-test/progress.sqlite")
        } else {
            chmod(dir.path, 0o555)
        }
        do {
            _ = try ProgressStore.open(at: target)
            Issue.record("opened a store in a read-only location")
        } catch let error as ProgressStoreError {
            guard case .notWritable = error else { Issue.record("expected .notWritable, got \(error)"); return }
            #expect(error.description.contains("--db"))
        }
    }

    @Test func existingStoreInReadOnlyFolderGivesAClearError() throws {
        let (store, dir) = try Fixture.store()
        defer { Fixture.cleanUp(dir) }
        try store.record(Fixture.attempt(), by: Fixture.ann)
        // As root the mode is ignored, so this case can only be shown as a normal user.
        guard geteuid() != 0 else {
            #expect(try ProgressStore.open(at: URL(fileURLWithPath: store.path)).attemptCount() == 1)
            return
        }
        chmod(store.path, 0o444)
        defer { chmod(store.path, 0o644) }
        #expect(throws: ProgressStoreError.self) { try ProgressStore.open(at: URL(fileURLWithPath: store.path)) }
    }

    @Test func aDatabaseLockedByAnotherProgramIsAClearErrorAndLosesNothing() throws {
        let dir = try RepoPaths.temporaryDirectory("store-locked")
        defer { Fixture.cleanUp(dir) }
        let url = dir.appendingPathComponent("progress.sqlite")
        let store = try ProgressStore.open(at: url, busyTimeout: 0.3)
        try store.record(Fixture.attempt(), by: Fixture.ann)
        // Another connection holds the write lock, as another dockerlings mid-record would.
        var holding = Configuration()
        holding.allowsUnsafeTransactions = true  // the lock is held across accesses on purpose
        let other = try DatabaseQueue(path: url.path, configuration: holding)
        try other.inDatabase { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        #expect {
            try store.record(Fixture.attempt(), by: Fixture.ann)
        } throws: { error in
            (error as? ProgressStoreError) == .locked(path: url.standardizedFileURL.path)
                && "\(error)".contains("locked by another program") && "\(error)".contains("Nothing was lost")
        }
        try other.inDatabase { db in try db.execute(sql: "ROLLBACK") }
        // Once the other lets go, recording carries on with the history intact.
        try store.record(Fixture.attempt(), by: Fixture.ann)
        #expect(try store.attempts(of: Fixture.ann.id).count == 2)
        #expect(try store.verify().isIntact)
    }

    @Test func olderSchemaIsMigratedForwardKeepingItsHistory() throws {
        let dir = try RepoPaths.temporaryDirectory("store-old")
        defer { Fixture.cleanUp(dir) }
        let path = dir.appendingPathComponent("progress.sqlite").path
        // A database exactly as the first release wrote it: schema v1 only (frozen here as SQL),
        // with one attempt recorded by that release.
        let current = try ProgressStore.open(at: dir.appendingPathComponent("reference.sqlite"))
        let reference = try current.record(Fixture.attempt(passed: false), by: Fixture.ann)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: OldSchema.v1)
            try db.execute(sql: """
                INSERT INTO learner VALUES (?, ?, 0, 1, ?);
                INSERT INTO attempt (learnerID, seq, exerciseID, startedAtMs, finishedAtMs, passed, score, points,
                  pointsPossible, imageBytes, baselineBytes, dockerfile, dockerfileSHA256, reportJSON, toolVersion,
                  hintsSeen, hintCount, prevHash, hash)
                VALUES (?, 1, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?);
                """, arguments: [
                    Fixture.ann.id, Fixture.ann.name, reference.hash,
                    Fixture.ann.id, reference.exerciseID, reference.startedAtMs, reference.finishedAtMs, reference.score,
                    reference.points, reference.pointsPossible, reference.imageBytes, reference.baselineBytes,
                    reference.dockerfile, reference.dockerfileSHA256, reference.reportJSON, reference.toolVersion,
                    reference.hintsSeen, reference.prevHash, reference.hash,
                ])
        }
        try queue.close()

        let store = try ProgressStore.open(at: URL(fileURLWithPath: path))
        let raw = try DatabaseQueue(path: path)
        let applied = try raw.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        // Every step since, in order.
        #expect(applied == ["v1: learners, lesson reads, hash-chained attempts", "v2: check outcomes as rows",
                            "v3: hints revealed", "v4: re-grades beside the claimed attempts"])
        // v2 backfilled the check outcomes from the stored report.
        let outcomes = try raw.read { db in try String.fetchAll(db, sql: "SELECT status FROM checkOutcome ORDER BY position") }
        #expect(outcomes == ["pass", "fail", "skip"])
        #expect(try store.verify().isIntact)
        #expect(try store.record(Fixture.attempt(), by: Fixture.ann).seq == 2)
    }

    @Test func newerSchemaIsRefusedUntouched() throws {
        let (store, dir) = try Fixture.store()
        defer { Fixture.cleanUp(dir) }
        let raw = try DatabaseQueue(path: store.path)
        try raw.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99: from the future')") }
        try raw.close()
        #expect(throws: ProgressStoreError.newerSchema(path: store.path)) {
            try ProgressStore.open(at: URL(fileURLWithPath: store.path))
        }
    }
}

/// The first release's schema, frozen: the migrator must always carry such a file forward.
enum OldSchema {
    static let v1 = """
        PRAGMA application_id = 1145785415;
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        INSERT INTO grdb_migrations VALUES ('v1: learners, lesson reads, hash-chained attempts');
        CREATE TABLE "learner" ("id" TEXT PRIMARY KEY NOT NULL, "name" TEXT NOT NULL, "createdAtMs" INTEGER NOT NULL,
          "attemptCount" INTEGER NOT NULL DEFAULT 0, "headHash" TEXT NOT NULL);
        CREATE TABLE "lessonRead" ("learnerID" TEXT NOT NULL REFERENCES "learner"("id") ON DELETE CASCADE,
          "lessonID" TEXT NOT NULL, "firstOpenedAtMs" INTEGER NOT NULL, "finishedAtMs" INTEGER,
          PRIMARY KEY ("learnerID", "lessonID"));
        CREATE TABLE "attempt" ("id" INTEGER PRIMARY KEY AUTOINCREMENT,
          "learnerID" TEXT NOT NULL REFERENCES "learner"("id") ON DELETE RESTRICT, "seq" INTEGER NOT NULL,
          "exerciseID" TEXT NOT NULL, "startedAtMs" INTEGER NOT NULL, "finishedAtMs" INTEGER NOT NULL,
          "passed" BOOLEAN NOT NULL, "score" DOUBLE NOT NULL, "points" DOUBLE NOT NULL, "pointsPossible" DOUBLE NOT NULL,
          "imageBytes" INTEGER, "baselineBytes" INTEGER, "dockerfile" TEXT NOT NULL, "dockerfileSHA256" TEXT NOT NULL,
          "reportJSON" TEXT NOT NULL, "toolVersion" TEXT NOT NULL, "hintsSeen" TEXT NOT NULL, "hintCount" INTEGER NOT NULL,
          "prevHash" TEXT NOT NULL, "hash" TEXT NOT NULL, UNIQUE ("learnerID", "seq"));
        CREATE INDEX "attempt_by_exercise" ON "attempt"("learnerID", "exerciseID", "seq");
        CREATE TRIGGER attempt_append_only_update BEFORE UPDATE ON attempt
        BEGIN SELECT RAISE(ABORT, 'attempts are append-only'); END;
        CREATE TRIGGER attempt_append_only_delete BEFORE DELETE ON attempt
        BEGIN SELECT RAISE(ABORT, 'attempts are append-only'); END;
        """
}
