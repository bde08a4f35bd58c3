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
        let formatter = ISO8601DateFormatter()
        var bundle = SubmissionBundle(
            format: SubmissionBundle.formatName, version: SubmissionBundle.currentVersion,
            createdAt: formatter.string(from: now), toolVersion: toolVersion,
            learner: learner, attempts: attempts, lessonReads: reads, signature: nil)
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
        var results: [BundleImportResult] = []
        var accepted: [(index: Int, bundle: SubmissionBundle)] = []
        for file in files {
            do {
                accepted.append((results.count, try BundleReader.read(file, key: key)))
                results.append(BundleImportResult(source: file.path, outcome: .rejected(.unreadable("not processed"))))
            } catch {
                results.append(BundleImportResult(source: file.path, outcome: .rejected(error)))
            }
        }
        let now = Self.milliseconds(Date())
        try guarded {
            try pool.write { db in
                for (index, bundle) in accepted {
                    do {
                        var added = 0
                        try db.inSavepoint {
                            added = try Self.merge(bundle, into: db, now: now)
                            return .commit
                        }
                        results[index].outcome = .imported(learner: bundle.learner.id, newAttempts: added, signatureChecked: key != nil)
                    } catch let error as BundleError {
                        results[index].outcome = .rejected(error)
                    }
                }
            }
        }
        return results
    }

    /// Adds the bundle's history to the learner's, which must be a prefix of it.
    static func merge(_ bundle: SubmissionBundle, into db: Database, now: Int64) throws -> Int {
        let learner = bundle.learner
        var head = try LearnerRecord.fetchOne(db, key: learner.id)
            ?? LearnerRecord(id: learner.id, name: learner.name, createdAtMs: now, attemptCount: 0, headHash: AttemptHash.genesis)
        let existing = try String.fetchAll(db, sql: "SELECT hash FROM attempt WHERE learnerID = ? ORDER BY seq", arguments: [learner.id])
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
        try head.save(db)
        let decoder = JSONDecoder()
        for var attempt in fresh {
            attempt.id = nil
            try attempt.insert(db)
            if let report = try? decoder.decode(GradeReport.self, from: Data(attempt.reportJSON.utf8)) {
                for outcome in CheckOutcome.rows(for: report, attemptID: attempt.id ?? 0) { try outcome.insert(db) }
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
        return fresh.count
    }
}
