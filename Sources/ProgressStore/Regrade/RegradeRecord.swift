import Foundation
import GRDB

/// An instructor's re-grade of one claimed attempt: the report a real build on an engine the
/// instructor trusts gave for the attempt's Dockerfile, kept beside the claim (the attempt row,
/// which stays as the learner's machine recorded it). An attempt re-graded again gets a new
/// row; the latest counts.
public struct RegradeRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "regrade"

    public var id: Int64?
    /// The claimed attempt (its row in this gradebook).
    public var attemptID: Int64
    public var learnerID: String
    public var exerciseID: String
    /// The attempt's place in the learner's chain.
    public var seq: Int
    public var regradedAtMs: Int64
    /// Which engine built and ran it, as the instructor named it (a docker context, a host).
    public var engine: String
    public var toolVersion: String
    public var passed: Bool
    public var score: Double
    public var points: Double
    public var pointsPossible: Double
    public var imageBytes: Int64?
    public var baselineBytes: Int64?
    /// The full GradeReport of the re-grade.
    public var reportJSON: String
    /// JSON array of `RegradeDifference`: where the re-grade and the claim disagree.
    public var differencesJSON: String
    public var differenceCount: Int

    public var regradedAt: Date { Date(timeIntervalSince1970: Double(regradedAtMs) / 1000) }

    public func decodedReport() throws -> GradeReport {
        try JSONDecoder().decode(GradeReport.self, from: Data(reportJSON.utf8))
    }

    public var differences: [RegradeDifference] {
        (try? JSONDecoder().decode([RegradeDifference].self, from: Data(differencesJSON.utf8))) ?? []
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
