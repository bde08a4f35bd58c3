import Foundation
import GRDB

/// A learner's (or an instructor's) progress database: learners, lesson reads and the
/// append-only, hash-chained history of graded attempts.
///
/// Safe to share between threads and between processes: SQLite in WAL mode, every write
/// an IMMEDIATE transaction, and a busy timeout so concurrent writers wait their turn.
public final class ProgressStore: Sendable {
    public let path: String
    let pool: DatabasePool

    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeout: TimeInterval = 15

    /// Opens the store at `url`, creating it if needed; with `creating` false, a file that
    /// is not there is an error and nothing is made (a command that only reads, given a
    /// mistyped path, must not answer from a new empty store). A file that is not ours is
    /// never modified: it is rejected with an error that says so.
    /// `busyTimeout`: how long a write waits for another program's lock before giving up.
    public static func open(at url: URL, creating: Bool = true, busyTimeout: TimeInterval = busyTimeout) throws -> ProgressStore {
        let path = url.standardizedFileURL.path
        if !creating && !FileManager.default.fileExists(atPath: path) { throw ProgressStoreError.noSuchFile(path: path) }
        try StoreFileCheck.prepare(path: path)
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            // FULL: a commit that returned survives power loss too, not only a crash.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreFileCheck.translate(error, path: path)
        }
        let store = ProgressStore(path: path, pool: pool)
        try store.migrate()
        return store
    }

    init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    func migrate() throws {
        try guarded {
            let (superseded, upToDate) = try pool.read { db in
                (try Schema.migrator.hasBeenSuperseded(db), try Schema.migrator.hasCompletedMigrations(db))
            }
            if superseded { throw ProgressStoreError.newerSchema(path: path) }
            // A file already at this schema needs no write: opening it never waits for the
            // write lock another dockerlings holds (the home screen while a check records).
            if upToDate { return }
            // Claim a blank file as ours before the migrator adds its bookkeeping table, so a
            // second process opening it meanwhile never mistakes it for a foreign database.
            try pool.write { db in
                let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                if id == 0 && objects == 0 {
                    try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
                }
            }
            // Another process may be migrating the same new file at this very moment; each
            // step commits on its own, so when ours collides, the other's has landed: retry.
            var attempt = 0
            while true {
                do {
                    try Schema.migrator.migrate(pool)
                    return
                } catch {
                    attempt += 1
                    let done = (try? pool.read { db in try Schema.migrator.hasCompletedMigrations(db) }) ?? false
                    if done { return }
                    if attempt >= 5 { throw error }
                    Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
                }
            }
        }
    }

    /// Runs `body`, turning SQLite's errors into ones that say what to do.
    func guarded<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ProgressStoreError {
            throw error
        } catch {
            throw StoreFileCheck.translate(error, path: path)
        }
    }

    // MARK: Recording

    /// Appends a graded attempt to the learner's history and returns it as stored.
    /// When this returns, the attempt is committed to disk.
    @discardableResult
    public func record(_ new: NewAttempt, by learner: Learner) throws -> Attempt {
        try recordAll([(learner, new)])[0]
    }

    /// Appends many attempts in one transaction (all or none), in the order given: for
    /// bringing history in from elsewhere, where one commit per attempt would be wasteful.
    @discardableResult
    public func recordAll(_ items: [(Learner, NewAttempt)]) throws -> [Attempt] {
        for (learner, _) in items { try Self.validate(learner) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let encoded = try items.map { _, new in
            (String(decoding: try encoder.encode(new.report), as: UTF8.self),
             String(decoding: try encoder.encode(new.hintsSeen), as: UTF8.self))
        }
        let now = Self.milliseconds(Date())
        return try guarded {
            try pool.write { db in
                var stored: [Attempt] = []
                stored.reserveCapacity(items.count)
                for ((learner, new), (reportJSON, hintsJSON)) in zip(items, encoded) {
                    stored.append(try Self.append(new, by: learner, reportJSON: reportJSON, hintsJSON: hintsJSON, in: db, now: now))
                }
                return stored
            }
        }
    }

    private static func append(_ new: NewAttempt, by learner: Learner, reportJSON: String, hintsJSON: String,
                               in db: Database, now: Int64) throws -> Attempt {
        // SQLite's text ends at a NUL byte, and the hash must cover what is stored: a binary
        // file saved over a Dockerfile is kept as shown, NUL replaced. One over the grader's
        // limit was refused ungraded and is not kept (a note says so).
        let dockerfile = KeptDockerfile.kept(new.dockerfile).replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
        var head = try StoredRows.learner(learner.id, in: db)
            ?? LearnerRecord(id: learner.id, name: learner.name, createdAtMs: now, attemptCount: 0, headHash: AttemptHash.genesis)
        var attempt = Attempt(new, learnerID: learner.id, seq: head.attemptCount + 1, prevHash: head.headHash,
                              dockerfile: dockerfile, reportJSON: reportJSON, hintsJSON: hintsJSON)
        head.name = learner.name.isEmpty ? head.name : learner.name
        head.attemptCount = attempt.seq
        head.headHash = attempt.hash
        try StoredRows.save(head, in: db)
        try StoredRows.insert(&attempt, in: db)
        try StoredRows.insert(CheckOutcome.rows(for: new.report, attemptID: attempt.id ?? 0), in: db)
        return attempt
    }

    /// Notes that a learner opened a lesson (the first time counts) or finished it.
    public func recordLessonRead(_ lessonID: String, by learner: Learner, finished: Bool, at date: Date = Date()) throws {
        try Self.validate(learner)
        let ms = Self.milliseconds(date)
        try guarded {
            try pool.write { db in
                try Self.ensureLearner(learner, in: db, now: ms)
                var read = try LessonRead.fetchOne(db, key: ["learnerID": learner.id, "lessonID": lessonID])
                    ?? LessonRead(learnerID: learner.id, lessonID: lessonID, firstOpenedAtMs: ms, finishedAtMs: nil)
                if finished && read.finishedAtMs == nil { read.finishedAtMs = ms }
                try read.save(db)
            }
        }
    }

    static func ensureLearner(_ learner: Learner, in db: Database, now: Int64) throws {
        if try LearnerRecord.fetchOne(db, key: learner.id) == nil {
            try LearnerRecord(id: learner.id, name: learner.name, createdAtMs: now, attemptCount: 0,
                              headHash: AttemptHash.genesis).insert(db)
        }
    }

    static func validate(_ learner: Learner) throws {
        if learner.id.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ProgressStoreError.invalidLearner("the learner id is empty; pass --learner NAME or set git's user.email")
        }
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    // MARK: Reading

    public func learners() throws -> [Learner] {
        try guarded {
            try pool.read { db in
                try LearnerRecord.order(Column("id")).fetchAll(db).map { Learner(id: $0.id, name: $0.name) }
            }
        }
    }

    /// A learner's attempts in the order they were recorded.
    public func attempts(of learnerID: String) throws -> [Attempt] {
        try guarded {
            try pool.read { db in
                try Attempt.filter(AttemptColumns.learnerID == learnerID).order(AttemptColumns.seq).fetchAll(db)
            }
        }
    }

    public func lessonReads(of learnerID: String) throws -> [LessonRead] {
        try guarded {
            try pool.read { db in
                try LessonRead.filter(Column("learnerID") == learnerID).order(Column("lessonID")).fetchAll(db)
            }
        }
    }

    public func attemptCount() throws -> Int {
        try guarded { try pool.read { db in try Attempt.fetchCount(db) } }
    }

    /// SQLite's own `PRAGMA integrity_check` verdict: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try guarded {
            try pool.read { db in
                try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
            }
        }
    }

    // MARK: Verifying

    /// Re-walks every learner's hash chain; finds edited, deleted and reordered attempts.
    public func verify() throws -> ChainReport {
        try guarded {
            try pool.read { db in
                let heads = try LearnerRecord.order(Column("id")).fetchAll(db)
                var headByID = Dictionary(uniqueKeysWithValues: heads.map { ($0.id, $0) })
                // Learners who appear only in attempts (their learner row removed) are checked too.
                let attemptLearners = try String.fetchAll(db, sql: "SELECT DISTINCT learnerID FROM attempt")
                var ids = heads.map(\.id)
                for id in attemptLearners where headByID[id] == nil { ids.append(id) }
                var problems: [ChainProblem] = []
                var checked = 0
                for id in ids {
                    let attempts = try Attempt.filter(AttemptColumns.learnerID == id)
                        .order(AttemptColumns.seq, Column("id")).fetchAll(db)
                    checked += attempts.count
                    let head = headByID.removeValue(forKey: id)
                    problems += ChainVerifier.verify(learnerID: id, attempts: attempts,
                                                     expectedCount: head?.attemptCount, expectedHead: head?.headHash)
                }
                return ChainReport(learnersChecked: ids.count, attemptsChecked: checked, problems: problems)
            }
        }
    }
}
