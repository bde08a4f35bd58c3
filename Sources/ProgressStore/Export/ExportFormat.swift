import Foundation

/// The shapes an instructor's gradebook takes. All derive from the detailed standings; once
/// attempts are re-graded (`regrade`), the gradebook shapes grade with the re-graded points
/// and the detailed ones show both.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// A row per learner and exercise with every detail.
    case csv
    /// The same rows in full, plus each best attempt's checks.
    case json
    /// JUnit XML: a suite per learner, a case per check of each exercise's best attempt.
    case junit
    /// Canvas gradebook import: Student, ID, SIS Login ID, Section, a column per exercise.
    case canvas
    /// Moodle grade import: an identifier, then a grade and a feedback column per exercise.
    case moodle
    /// GitHub Classroom: points_awarded / points_available per learner.
    case classroom
}

public struct ExportError: Error, CustomStringConvertible {
    public var description: String
}

extension ProgressStore {
    /// Writes the class (or one learner, with `learnerID`) in `format` to `handle`.
    public func export(_ format: ExportFormat, catalog: [ExerciseInfo], learnerID: String? = nil, to handle: FileHandle) throws {
        let standings = try standings(catalog: catalog, learnerID: learnerID)
        let stream = BufferedFileStream(handle: handle)
        stream.open()
        switch format {
        case .csv: try GradeExporters.detailedCSV(standings, to: stream)
        case .canvas: try GradeExporters.canvasCSV(standings, to: stream)
        case .moodle: try GradeExporters.moodleCSV(standings, to: stream)
        case .classroom: try GradeExporters.classroomJSON(standings, to: stream)
        case .json: try GradeExporters.fullJSON(standings, checks: try checks(for: standings),
                                                regradeChecks: try regradeChecks(for: standings), to: stream)
        case .junit: try GradeExporters.junitXML(standings, checks: try checks(for: standings),
                                                 regradeChecks: try regradeChecks(for: standings), to: stream)
        }
        stream.close()
        if let failure = stream.failure {
            throw ExportError(description: "could not write the export: \(failure.localizedDescription)")
        }
    }

    /// The checks of each standing's best attempt, by attempt id.
    func checks(for standings: [ExerciseStanding]) throws -> [Int64: [GradeReport.Check]] {
        let wanted = Set(standings.compactMap(\.bestAttemptID))
        return try guarded {
            try pool.read { db in
                var result: [Int64: [GradeReport.Check]] = [:]
                let rows = try CheckOutcome.order(Column("attemptID"), Column("position")).fetchCursor(db)
                while let row = try rows.next() {
                    guard wanted.contains(row.attemptID) else { continue }
                    let status = GradeReport.Status(rawValue: row.status) ?? .error
                    result[row.attemptID, default: []].append(
                        GradeReport.Check(id: row.checkID, title: row.title, status: status, detail: row.detail))
                }
                return result
            }
        }
    }
}

import GRDB
