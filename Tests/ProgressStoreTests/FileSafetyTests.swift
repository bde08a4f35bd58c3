import Foundation
import GRDB
@testable import ProgressStore
import SystemSupport
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

    /// Makes `folder` read-only for this process, root included: a normal user gets mode
    /// 0555; root, whom modes do not stop, gets the folder bind-mounted onto itself read-only
    /// (the kernel then refuses every write, as on a read-only file system). Returns the undo.
    func makeReadOnly(_ folder: URL) throws -> () -> Void {
        guard geteuid() == 0 else {
            chmod(folder.path, 0o555)
            return { chmod(folder.path, 0o755) }
        }
        let bind = try ChildProcess.runAndWait("mount", ["--bind", folder.path, folder.path], timeout: .seconds(30))
        try #require(bind.status == 0, "cannot bind-mount \(folder.path) (root without CAP_SYS_ADMIN?): \(bind.stderrText)")
        let remount = try ChildProcess.runAndWait("mount", ["-o", "remount,bind,ro", folder.path], timeout: .seconds(30))
        let undo = { _ = try? ChildProcess.runAndWait("umount", [folder.path], timeout: .seconds(30)) }
        if remount.status != 0 { undo() }
        try #require(remount.status == 0, "cannot make the bind mount read-only: \(remount.stderrText)")
        // The kernel, not the mode, refuses: prove it before trusting the test.
        #expect(!FileManager.default.createFile(atPath: folder.appendingPathComponent("probe").path, contents: nil))
        return undo
    }

    @Test func readOnlyLocationGivesAClearError() throws {
        let dir = try RepoPaths.temporaryDirectory("store-readonly")
        defer { Fixture.cleanUp(dir) }
        let folder = dir.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let undo = try makeReadOnly(folder)
        defer { undo() }
        do {
            _ = try ProgressStore.open(at: folder.appendingPathComponent("progress.sqlite"))
            Issue.record("opened a store in a read-only folder")
        } catch let error as ProgressStoreError {
            guard case .notWritable = error else { Issue.record("expected .notWritable, got \(error)"); return }
            #expect(error.description.contains("--db"))
        }
    }

    @Test func existingStoreInReadOnlyFolderGivesAClearError() throws {
        let dir = try RepoPaths.temporaryDirectory("store-readonly-existing")
        defer { Fixture.cleanUp(dir) }
        let folder = dir.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("progress.sqlite")
        do {
            let store = try ProgressStore.open(at: url)
            try store.record(Fixture.attempt(), by: Fixture.ann)
        }
        let before = try #require(Fixture.bytes(url))
        let undo = try makeReadOnly(folder)
        defer { undo() }
        #expect(throws: ProgressStoreError.self) { try ProgressStore.open(at: url) }
        #expect(Fixture.bytes(url) == before, "the store was changed in a read-only folder")
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
        // Reading goes on meanwhile: opening a store already at this schema takes no write
        // lock, so the home screen and `list` show progress while a check records.
        let reader = try ProgressStore.open(at: url, busyTimeout: 0.3)
        #expect(try reader.attempts(of: Fixture.ann.id).count == 1)
        try other.inDatabase { db in try db.execute(sql: "ROLLBACK") }
        // Once the other lets go, recording carries on with the history intact.
        try store.record(Fixture.attempt(), by: Fixture.ann)
        #expect(try store.attempts(of: Fixture.ann.id).count == 2)
        #expect(try store.verify().isIntact)
    }

    /// A database as the first release wrote it, committed once and never regenerated:
    /// Fixtures/first-release-v1.sqlite holds schema v1 (OldSchema.v1) and one attempt by
    /// ann@example.com, its hash made from the canonical form AttemptHash documents (written
    /// independently of this code, with Python's sqlite3 and hashlib). A migration that
    /// cannot carry it forward, or a change to the hash, fails here.
    static let firstRelease = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/first-release-v1.sqlite")
    static let firstReleaseHash = "60be649cb64a0d3c60981e96aab976aeae44885bacf922a663eb80414b90671d"

    @Test func olderSchemaIsMigratedForwardKeepingItsHistory() throws {
        let dir = try RepoPaths.temporaryDirectory("store-old")
        defer { Fixture.cleanUp(dir) }
        let path = dir.appendingPathComponent("progress.sqlite").path
        try FileManager.default.copyItem(atPath: Self.firstRelease.path, toPath: path)

        let store = try ProgressStore.open(at: URL(fileURLWithPath: path))
        let raw = try DatabaseQueue(path: path)
        let applied = try raw.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        // Every step since, in order.
        #expect(applied == ["v1: learners, lesson reads, hash-chained attempts", "v2: check outcomes as rows",
                            "v3: hints revealed", "v4: re-grades beside the claimed attempts",
                            "v5: standings read from a covering index"])
        // v2 backfilled the check outcomes from the stored report.
        let outcomes = try raw.read { db in try String.fetchAll(db, sql: "SELECT status FROM checkOutcome ORDER BY position") }
        #expect(outcomes == ["pass", "fail", "skip"])
        // The first release's attempt, hash and all, still verifies: the chain goes on from it.
        let first = try #require(try store.attempts(of: "ann@example.com").first)
        #expect(first.hash == Self.firstReleaseHash && first.score == 100.0 / 3)
        // Every learner's chain rests on this hash: the same facts must always give it.
        #expect(AttemptHash.compute(first) == Self.firstReleaseHash, "the attempt hash changed: every existing chain would break (version it instead)")
        #expect(try store.verify().isIntact)
        let next = try store.record(Fixture.attempt(), by: Fixture.ann)
        #expect(next.seq == 2 && next.prevHash == Self.firstReleaseHash)
        #expect(try store.verify().isIntact)
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
