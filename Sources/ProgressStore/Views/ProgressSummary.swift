import Foundation
import GRDB

/// The learner's own view: what is done, what is under way, what is left, and how the
/// flagship exercise's image shrank attempt after attempt.
public struct ProgressSummary: Codable, Sendable {
    public struct TrendPoint: Codable, Sendable, Hashable {
        public var seq: Int
        public var at: Date
        public var imageBytes: Int64
        public var baselineBytes: Int64?
        public var passed: Bool
    }

    public struct FlagshipTrend: Codable, Sendable {
        public var exerciseID: String
        public var title: String
        public var points: [TrendPoint]
    }

    public var learner: Learner
    public var done: Int
    public var inProgress: Int
    public var notStarted: Int
    public var attempts: Int
    public var timeSpentSeconds: Double
    public var pointsEarned: Double
    public var pointsPossible: Double
    public var exercises: [ExerciseStanding]
    public var lessons: [LessonRead]
    public var flagship: FlagshipTrend?
}

extension ProgressStore {
    public func summary(for learner: Learner, catalog: [ExerciseInfo]) throws -> ProgressSummary {
        try guarded {
            try pool.read { db in
                var standings = try Self.standings(db, catalog: catalog, learnerID: learner.id)
                if standings.isEmpty {  // a learner with no history yet: everything is ahead
                    standings = catalog.map {
                        ExerciseStanding(learnerID: learner.id, learnerName: learner.name, exerciseID: $0.id,
                                         exerciseTitle: $0.title, status: .notStarted, bestScore: nil, points: 0,
                                         pointsPossible: $0.points, attempts: 0, firstAttemptAt: nil, lastAttemptAt: nil,
                                         bestImageBytes: nil, baselineBytes: nil, reductionPercent: nil, hintsUsed: 0,
                                         timeSpentSeconds: 0, bestAttemptID: nil)
                    }
                }
                let lessons = try LessonRead.filter(Column("learnerID") == learner.id).order(Column("lessonID")).fetchAll(db)
                var trend: ProgressSummary.FlagshipTrend?
                if let flagship = catalog.first(where: \.isFlagship) {
                    let rows = try Row.fetchAll(db, sql: """
                        SELECT seq, finishedAtMs, imageBytes, baselineBytes, passed FROM attempt
                        WHERE learnerID = ? AND exerciseID = ? AND imageBytes IS NOT NULL ORDER BY seq
                        """, arguments: [learner.id, flagship.id])
                    trend = .init(exerciseID: flagship.id, title: flagship.title, points: rows.map {
                        .init(seq: $0[0], at: Self.date($0[1]), imageBytes: $0[2], baselineBytes: $0[3], passed: $0[4])
                    })
                }
                func count(_ status: ExerciseStanding.Status) -> Int { standings.filter { $0.status == status }.count }
                return ProgressSummary(
                    learner: learner, done: count(.done), inProgress: count(.inProgress), notStarted: count(.notStarted),
                    attempts: standings.reduce(0) { $0 + $1.attempts },
                    timeSpentSeconds: standings.reduce(0) { $0 + $1.timeSpentSeconds },
                    pointsEarned: standings.reduce(0) { $0 + $1.points }.rounded(toPlaces: 2),
                    pointsPossible: standings.reduce(0) { $0 + $1.pointsPossible },
                    exercises: standings, lessons: lessons, flagship: trend)
            }
        }
    }
}

extension ProgressSummary {
    /// Plain text for the terminal (colour is the caller's business).
    public func plainText() -> String {
        var lines: [String] = []
        lines.append("Progress of \(learner.name) <\(learner.id)>")
        lines.append("\(done) done · \(inProgress) in progress · \(notStarted) not started · \(attempts) attempts · \(Self.duration(timeSpentSeconds)) spent · \(Self.number(pointsEarned))/\(Self.number(pointsPossible)) points")
        if !exercises.isEmpty { lines.append("") }
        let width = exercises.map(\.exerciseID.count).max() ?? 0
        for row in exercises {
            let mark = switch row.status { case .done: "✓"; case .inProgress: "…"; case .notStarted: "·" }
            var line = "\(mark) \(row.exerciseID.padding(toLength: width, withPad: " ", startingAt: 0))  \(row.status.rawValue)"
            if let best = row.bestScore {
                line += " · best \(Self.number(best))% · \(row.attempts) attempt\(row.attempts == 1 ? "" : "s") · \(Self.duration(row.timeSpentSeconds))"
            }
            lines.append(line)
        }
        if let flagship {
            lines.append("")
            lines.append("Image size, \(flagship.title):")
            if flagship.points.isEmpty {
                lines.append("  no image built yet")
            } else {
                let largest = flagship.points.map { max($0.imageBytes, $0.baselineBytes ?? 0) }.max() ?? 1
                for point in flagship.points {
                    let bar = String(repeating: "█", count: max(1, Int(Double(point.imageBytes) / Double(max(largest, 1)) * 30)))
                    lines.append("  #\(point.seq)  \(Self.bytes(point.imageBytes).padding(toLength: 9, withPad: " ", startingAt: 0)) \(bar)\(point.passed ? " ✓" : "")")
                }
                if let base = flagship.points.last?.baselineBytes {
                    lines.append("  baseline \(Self.bytes(base))")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(format: "%.1f", value)
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" }
        return "\(total / 3600)h \(total % 3600 / 60)m"
    }

    static func bytes(_ value: Int64) -> String {
        let units = ["B", "kB", "MB", "GB"]
        var size = Double(value), unit = 0
        while size >= 1000 && unit < units.count - 1 { size /= 1000; unit += 1 }
        return unit == 0 ? "\(value) B" : "\(String(format: "%.1f", size)) \(units[unit])"
    }
}
