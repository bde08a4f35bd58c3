import Foundation
import GRDB

/// What the instructor's re-grades say about one learner's exercise: the authoritative
/// counterpart of the claimed best score, points and status. Nil in a standing until an
/// attempt of that exercise has been re-graded (a learner's own database never has one).
public struct RegradedStanding: Codable, Sendable, Hashable {
    /// Best re-graded score, in percent.
    public var score: Double
    /// Rubric points of the best re-grade, scaled to the catalogue's weight like `points`.
    public var points: Double
    public var passed: Bool
    /// How many claimed attempts of the exercise were re-graded.
    public var attemptsRegraded: Int
    /// The engine that graded the best re-grade.
    public var engine: String
    public var regradedAt: Date
    /// Every difference from the claims, each prefixed with its attempt ("#3 score: claimed
    /// 100, re-graded 60"). Empty when the re-grades confirm every claim they cover.
    public var differences: [String]
    /// The best re-grade (its checks feed the JUnit and JSON exports).
    public var bestRegradeID: Int64

    public var agrees: Bool { differences.isEmpty }
}

extension ProgressStore {
    /// The latest re-grade of each attempt, grouped per learner and exercise.
    static func regradedStandings(_ db: Database, learnerID: String?) throws -> [String: [String: RegradedStanding]] {
        // Most databases (every learner's) have none: one cheap look before the real query.
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM regrade)") == true else { return [:] }
        let filter = learnerID == nil ? "" : "WHERE learnerID = ?"
        let rows = try RegradeRecord.fetchAll(db, sql: """
            SELECT * FROM regrade WHERE id IN (SELECT max(id) FROM regrade \(filter) GROUP BY attemptID)
            ORDER BY learnerID, exerciseID, seq
            """, arguments: learnerID.map { [$0] } ?? [])
        var result: [String: [String: RegradedStanding]] = [:]
        for row in rows {
            let differences = row.differences.map { "#\(row.seq) \($0)" }
            if var known = result[row.learnerID]?[row.exerciseID] {
                if row.score >= known.score {  // ties: the later attempt, as for the claims
                    known.score = row.score
                    known.engine = row.engine
                    known.regradedAt = row.regradedAt
                    known.bestRegradeID = row.id ?? 0
                }
                known.points = max(known.points, row.pointsPossible > 0 ? row.points / row.pointsPossible : 0)
                known.passed = known.passed || row.passed
                known.attemptsRegraded += 1
                known.differences += differences
                result[row.learnerID]?[row.exerciseID] = known
            } else {
                // `points` holds the fraction of the rubric until it is scaled to the catalogue.
                result[row.learnerID, default: [:]][row.exerciseID] = RegradedStanding(
                    score: row.score, points: row.pointsPossible > 0 ? row.points / row.pointsPossible : 0,
                    passed: row.passed, attemptsRegraded: 1, engine: row.engine, regradedAt: row.regradedAt,
                    differences: differences, bestRegradeID: row.id ?? 0)
            }
        }
        return result
    }

    /// The checks of each standing's best re-grade, by re-grade id.
    func regradeChecks(for standings: [ExerciseStanding]) throws -> [Int64: [GradeReport.Check]] {
        let wanted = standings.compactMap(\.regraded?.bestRegradeID)
        guard !wanted.isEmpty else { return [:] }
        return try guarded {
            try pool.read { db in
                var result: [Int64: [GradeReport.Check]] = [:]
                for record in try RegradeRecord.fetchAll(db, keys: wanted) {
                    if let id = record.id { result[id] = (try? record.decodedReport())?.checks ?? [] }
                }
                return result
            }
        }
    }
}
