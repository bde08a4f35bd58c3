import Foundation
import GRDB

extension ProgressStore {
    /// Records the re-grade of a claimed attempt, with every difference from the claim, and
    /// returns it as stored. The attempt itself is not touched: the claim stays as it came.
    @discardableResult
    public func recordRegrade(of attemptID: Int64, report: GradeReport, engine: String, toolVersion: String,
                              at date: Date = Date()) throws -> RegradeRecord {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let reportJSON = String(decoding: try encoder.encode(report), as: UTF8.self)
        return try guarded {
            try pool.write { db in
                guard let claim = try Attempt.fetchOne(db, key: attemptID) else {
                    throw ProgressStoreError.database(path: path, detail: "no attempt #\(attemptID) in this gradebook to re-grade")
                }
                let claimedChecks = (try? claim.decodedReport())?.checks
                let differences = RegradeDifference.between(claimedScore: claim.score, claimedPassed: claim.passed,
                                                            claimedChecks: claimedChecks, regraded: report)
                var record = RegradeRecord(
                    id: nil, attemptID: attemptID, learnerID: claim.learnerID, exerciseID: claim.exerciseID, seq: claim.seq,
                    regradedAtMs: Self.milliseconds(date), engine: engine, toolVersion: toolVersion,
                    passed: report.passed, score: report.score, points: report.points, pointsPossible: report.pointsPossible,
                    imageBytes: report.metrics.imageBytes, baselineBytes: report.metrics.baselineBytes,
                    reportJSON: reportJSON, differencesJSON: String(decoding: try encoder.encode(differences), as: UTF8.self),
                    differenceCount: differences.count)
                try record.insert(db)
                return record
            }
        }
    }

    /// A learner's re-grades, the latest of each attempt, in the order of the attempts.
    public func latestRegrades(of learnerID: String) throws -> [RegradeRecord] {
        try guarded {
            try pool.read { db in
                try RegradeRecord.fetchAll(db, sql: """
                    SELECT * FROM regrade WHERE id IN (SELECT max(id) FROM regrade WHERE learnerID = ? GROUP BY attemptID)
                    ORDER BY seq
                    """, arguments: [learnerID])
            }
        }
    }
}
