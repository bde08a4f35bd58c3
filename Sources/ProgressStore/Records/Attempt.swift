import Foundation
import GRDB

/// One graded attempt as stored: append-only, and linked to the learner's previous attempt
/// by `prevHash`. The same shape travels inside submission bundles.
public struct Attempt: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "attempt"

    public var id: Int64?
    public var learnerID: String
    /// 1, 2, 3… within the learner's history: the position in the chain.
    public var seq: Int
    public var exerciseID: String
    public var startedAtMs: Int64
    public var finishedAtMs: Int64
    public var passed: Bool
    public var score: Double
    public var points: Double
    public var pointsPossible: Double
    public var imageBytes: Int64?
    public var baselineBytes: Int64?
    public var dockerfile: String
    public var dockerfileSHA256: String
    /// The full GradeReport, exactly as encoded when recorded (the hash covers these bytes).
    public var reportJSON: String
    public var toolVersion: String
    /// JSON array of hint ids seen, exactly as recorded.
    public var hintsSeen: String
    public var hintCount: Int
    public var prevHash: String
    public var hash: String

    public var startedAt: Date { Date(timeIntervalSince1970: Double(startedAtMs) / 1000) }
    public var finishedAt: Date { Date(timeIntervalSince1970: Double(finishedAtMs) / 1000) }

    /// The grade report decoded from the stored JSON.
    public func decodedReport() throws -> GradeReport {
        try JSONDecoder().decode(GradeReport.self, from: Data(reportJSON.utf8))
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

enum AttemptColumns {
    static let learnerID = Column("learnerID")
    static let seq = Column("seq")
}

/// One check's outcome, kept beside the attempt so it can be queried without decoding JSON.
struct CheckOutcome: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "checkOutcome"
    var attemptID: Int64
    var position: Int
    var checkID: String
    var title: String
    var status: String
    var detail: String?

    static func rows(for report: GradeReport, attemptID: Int64) -> [CheckOutcome] {
        rows(for: report.checks, attemptID: attemptID)
    }

    static func rows(for checks: [GradeReport.Check], attemptID: Int64) -> [CheckOutcome] {
        checks.enumerated().map { index, check in
            CheckOutcome(attemptID: attemptID, position: index, checkID: check.id, title: check.title,
                         status: check.status.rawValue, detail: check.detail)
        }
    }
}
