import GRDB

/// A learner and the head of their attempt chain. The head lets `verify` notice attempts
/// deleted from the end, which links alone cannot show.
struct LearnerRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "learner"
    var id: String
    var name: String
    var createdAtMs: Int64
    var attemptCount: Int
    var headHash: String
}
