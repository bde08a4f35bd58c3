import Foundation
import GRDB

/// When a learner first opened a lesson and when they finished it.
public struct LessonRead: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "lessonRead"
    public var learnerID: String
    public var lessonID: String
    public var firstOpenedAtMs: Int64
    public var finishedAtMs: Int64?
}
