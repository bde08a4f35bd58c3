import Foundation
import GRDB

/// What happened to one bundle given to `gradebook import`.
public struct BundleImportResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// `newAttempts` were added (a resubmission adds only what is new).
        case imported(learner: String, newAttempts: Int, signatureChecked: Bool)
        case rejected(BundleError)
    }

    public var source: String
    public var outcome: Outcome
}

extension ProgressStore {
    /// The learner's submission bundle, signed when `key` is given. Refuses a history that
    /// does not verify: the instructor would refuse it anyway.
    public func makeBundle(for learner: Learner, key: Data?, toolVersion: String, now: Date = Date()) throws -> Data {
        let attempts = try attempts(of: learner.id).map { attempt -> Attempt in
            var copy = attempt
            copy.id = nil  // row ids are local to this database
            return copy
        }
        let reads = try lessonReads(of: learner.id)
        let reveals = try hintReveals(of: learner.id)
        let formatter = ISO8601DateFormatter()
        var bundle = SubmissionBundle(
            format: SubmissionBundle.formatName, version: SubmissionBundle.currentVersion,
            createdAt: formatter.string(from: now), toolVersion: toolVersion,
            learner: learner, attempts: attempts, lessonReads: reads, hintReveals: reveals, signature: nil)
        bundle.leaveOutOversizedDockerfiles()
        do { try BundleReader.check(bundle) } catch {
            if case .brokenChain(let why) = error { throw BundleError.historyTampered(why) }
            throw error
        }
        if let key {
            bundle.signature = .init(algorithm: "HMAC-SHA256", value: bundle.computeSignature(key: key))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(bundle)
    }

    /// Merges bundles into this (instructor's) database. Each bundle is checked on its own
    /// and applied in its own savepoint: a refused bundle changes nothing, and the others
    /// still go in. With `key`, only bundles signed with it are accepted.
    public func importBundles(_ files: [URL], key: Data?) throws -> [BundleImportResult] {
        let read = Self.readAll(files, key: key)
        var results = zip(files, read).map { file, outcome in
            switch outcome {
            case .success: BundleImportResult(source: file.path, outcome: .rejected(.unreadable("not processed")))
            case .failure(let error): BundleImportResult(source: file.path, outcome: .rejected(error))
            }
        }
        let now = Self.milliseconds(Date())
        try guarded {
            try pool.write { db in
                for (index, outcome) in read.enumerated() {
                    guard case .success(let checked) = outcome else { continue }
                    do {
                        var added = 0
                        try db.inSavepoint {
                            added = try Self.merge(checked, into: db, now: now)
                            return .commit
                        }
                        results[index].outcome = .imported(learner: checked.bundle.learner.id, newAttempts: added, signatureChecked: key != nil)
                    } catch let error as BundleError {
                        results[index].outcome = .rejected(error)
                    }
                }
            }
        }
        return results
    }

    /// A bundle that passed every check, with the checks of each attempt's report decoded
    /// (nil for a report that does not decode: it is kept as JSON only, as when recorded).
    struct CheckedBundle: Sendable {
        var bundle: SubmissionBundle
        var checks: [[GradeReport.Check]?]
    }

    /// Reads, parses and verifies every file, and decodes the reports, before the database is
    /// touched. Each file is independent of the others, so the work is spread over the cores.
    static func readAll(_ files: [URL], key: Data?) -> [Result<CheckedBundle, BundleError>] {
        let slots = ResultSlots<Result<CheckedBundle, BundleError>>(count: files.count, initial: .failure(.unreadable("not read")))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let outcome = Result { () throws(BundleError) -> CheckedBundle in
                let bundle = try BundleReader.read(files[index], key: key)
                let decoder = JSONDecoder()
                let checks = bundle.attempts.map { attempt in
                    (try? decoder.decode(GradeReport.self, from: Data(attempt.reportJSON.utf8)))?.checks
                }
                return CheckedBundle(bundle: bundle, checks: checks)
            }
            slots.set(index, outcome)
        }
        return slots.values
    }

    /// Adds the bundle's history to the learner's, which must be a prefix of it.
    static func merge(_ checked: CheckedBundle, into db: Database, now: Int64) throws -> Int {
        let bundle = checked.bundle
        let learner = bundle.learner
        var head = try StoredRows.learner(learner.id, in: db)
            ?? LearnerRecord(id: learner.id, name: learner.name, createdAtMs: now, attemptCount: 0, headHash: AttemptHash.genesis)
        let existing = try String.fetchAll(db.cachedStatement(sql: "SELECT hash FROM attempt WHERE learnerID = ? ORDER BY seq"),
                                           arguments: [learner.id])
        for (index, hash) in existing.enumerated() {
            guard index < bundle.attempts.count, bundle.attempts[index].hash == hash else {
                throw BundleError.conflict(learner: learner.id, seq: index + 1)
            }
        }
        let fresh = bundle.attempts.dropFirst(existing.count)
        if fresh.isEmpty && !existing.isEmpty {
            throw BundleError.duplicate(learner: learner.id, attempts: existing.count)
        }
        head.name = learner.name
        if let last = bundle.attempts.last {
            head.attemptCount = last.seq
            head.headHash = last.hash
        }
        try StoredRows.save(head, in: db)
        for (offset, var attempt) in zip(existing.count..., fresh) {
            attempt.id = nil
            try StoredRows.insert(&attempt, in: db)
            if let checks = checked.checks[offset] {
                try StoredRows.insert(CheckOutcome.rows(for: checks, attemptID: attempt.id ?? 0), in: db)
            }
        }
        for read in bundle.lessonReads {
            var merged = read
            if let current = try LessonRead.fetchOne(db, key: ["learnerID": read.learnerID, "lessonID": read.lessonID]) {
                merged.firstOpenedAtMs = min(current.firstOpenedAtMs, read.firstOpenedAtMs)
                merged.finishedAtMs = [current.finishedAtMs, read.finishedAtMs].compactMap { $0 }.min()
            }
            try merged.save(db)
        }
        // A level revealed on two machines counts once, from its first reveal.
        let reveal = try db.cachedStatement(sql: """
            INSERT INTO hintReveal (learnerID, exerciseID, level, revealedAtMs) VALUES (?, ?, ?, ?)
            ON CONFLICT(learnerID, exerciseID, level) DO UPDATE SET revealedAtMs = min(revealedAtMs, excluded.revealedAtMs)
            """)
        for r in bundle.hintReveals ?? [] {
            try reveal.execute(arguments: [r.learnerID, r.exerciseID, r.level, r.revealedAtMs])
        }
        return fresh.count
    }
}

/// One slot per input, filled from concurrent workers (each writes only its own index).
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value]
    private let lock = NSLock()

    init(count: Int, initial: Value) { slots = Array(repeating: initial, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// Every slot's value; call once all workers are done.
    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
