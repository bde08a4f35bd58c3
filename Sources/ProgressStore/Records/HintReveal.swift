import Foundation
import GRDB

/// One hint level of an exercise that a learner asked to see, and when.
public struct HintReveal: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "hintReveal"
    public var learnerID: String
    public var exerciseID: String
    /// 1 for the first hint, 2 for the second…
    public var level: Int
    public var revealedAtMs: Int64
}

extension ProgressStore {
    /// How many hint levels of the exercise the learner has revealed so far.
    public func hintsRevealed(of learnerID: String, exercise exerciseID: String) throws -> Int {
        try guarded {
            try pool.read { db in
                try Int.fetchOne(db, sql: "SELECT MAX(level) FROM hintReveal WHERE learnerID = ? AND exerciseID = ?",
                                 arguments: [learnerID, exerciseID]) ?? 0
            }
        }
    }

    /// Every hint level the learner revealed, by exercise and level.
    public func hintReveals(of learnerID: String) throws -> [HintReveal] {
        try guarded {
            try pool.read { db in
                try HintReveal.filter(Column("learnerID") == learnerID).order(Column("exerciseID"), Column("level")).fetchAll(db)
            }
        }
    }

    /// Records that the learner has now seen `level` hints of the exercise (each level at
    /// most once: asking again changes nothing) and returns the levels seen.
    @discardableResult
    public func recordHintRevealed(level: Int, exercise exerciseID: String, by learner: Learner, at date: Date = Date()) throws -> Int {
        try Self.validate(learner)
        let ms = Self.milliseconds(date)
        return try guarded {
            try pool.write { db in
                try Self.ensureLearner(learner, in: db, now: ms)
                for seen in 1...max(1, level) {
                    try db.execute(sql: "INSERT OR IGNORE INTO hintReveal (learnerID, exerciseID, level, revealedAtMs) VALUES (?, ?, ?, ?)",
                                   arguments: [learner.id, exerciseID, seen, ms])
                }
                return try Int.fetchOne(db, sql: "SELECT MAX(level) FROM hintReveal WHERE learnerID = ? AND exerciseID = ?",
                                        arguments: [learner.id, exerciseID]) ?? 0
            }
        }
    }
}
