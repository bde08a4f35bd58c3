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

extension Attempt {
    /// The attempt `new` makes as its learner's `seq`-th, linked to `prevHash` and hashed.
    /// `dockerfile`, `reportJSON` and `hintsJSON` are the texts as they will be stored.
    init(_ new: NewAttempt, learnerID: String, seq: Int, prevHash: String,
         dockerfile: String, reportJSON: String, hintsJSON: String) {
        let report = new.report
        self.init(
            id: nil, learnerID: learnerID, seq: seq, exerciseID: new.exerciseID,
            startedAtMs: ProgressStore.milliseconds(new.startedAt), finishedAtMs: ProgressStore.milliseconds(new.finishedAt),
            passed: report.passed, score: report.score, points: report.points, pointsPossible: report.pointsPossible,
            imageBytes: report.metrics.imageBytes, baselineBytes: report.metrics.baselineBytes,
            dockerfile: dockerfile, dockerfileSHA256: AttemptHash.sha256Hex(dockerfile), reportJSON: reportJSON,
            toolVersion: new.toolVersion, hintsSeen: hintsJSON, hintCount: Set(new.hintsSeen).count,
            prevHash: prevHash, hash: "")
        hash = AttemptHash.compute(self)
    }

    /// Every stored column but `id`, in the table's order, and how to read it from an
    /// attempt: the insert is written from this list. The first migration (history, never
    /// edited) and the hash (a versioned format) keep their own lists on purpose.
    static let storedColumns: [(name: String, value: @Sendable (Attempt) -> (any DatabaseValueConvertible)?)] = [
        ("learnerID", { $0.learnerID }), ("seq", { $0.seq }), ("exerciseID", { $0.exerciseID }),
        ("startedAtMs", { $0.startedAtMs }), ("finishedAtMs", { $0.finishedAtMs }), ("passed", { $0.passed }),
        ("score", { $0.score }), ("points", { $0.points }), ("pointsPossible", { $0.pointsPossible }),
        ("imageBytes", { $0.imageBytes }), ("baselineBytes", { $0.baselineBytes }), ("dockerfile", { $0.dockerfile }),
        ("dockerfileSHA256", { $0.dockerfileSHA256 }), ("reportJSON", { $0.reportJSON }), ("toolVersion", { $0.toolVersion }),
        ("hintsSeen", { $0.hintsSeen }), ("hintCount", { $0.hintCount }), ("prevHash", { $0.prevHash }), ("hash", { $0.hash }),
    ]
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
