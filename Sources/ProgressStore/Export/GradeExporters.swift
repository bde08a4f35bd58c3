import Foundation
import SystemSupport

/// Turns standings into each gradebook's shape. CSV fields go through yaslab/CSV.swift's
/// writer (quoting, embedded commas and newlines are its business, not ours): see CSVRowWriter.
enum GradeExporters {
    static let detailedHeader = [
        "learner_id", "learner_name", "exercise_id", "exercise_title", "status", "best_score",
        "points", "points_possible", "attempts", "first_attempt_at", "last_attempt_at",
        "best_image_bytes", "baseline_bytes", "reduction_percent", "hints_used", "time_spent_seconds",
        // The instructor's re-grades (`dockerlings regrade`), empty until there are any; the
        // columns before them stay what the learner's machine claimed.
        "regraded_status", "regraded_score", "regraded_points", "regrade_engine", "regrade_differences",
    ]

    static func detailedCSV(_ rows: [ExerciseStanding], to stream: BufferedFileStream) throws {
        var csv = try CSVRowWriter()
        try csv.write(row: detailedHeader, to: stream)
        try CSVRowWriter.writeRows(count: rows.count, to: stream) { k, fields in
            let r = rows[k]
            fields.append(r.learnerID)
            fields.append(r.learnerName)
            fields.append(r.exerciseID)
            fields.append(r.exerciseTitle)
            fields.append(r.status.rawValue)
            fields.append(optional(r.bestScore, number))
            fields.append(number(r.points))
            fields.append(number(r.pointsPossible))
            fields.append(String(r.attempts))
            fields.append(optional(r.firstAttemptAt, isoUTC))
            fields.append(optional(r.lastAttemptAt, isoUTC))
            fields.append(optional(r.bestImageBytes) { String($0) })
            fields.append(optional(r.baselineBytes) { String($0) })
            fields.append(optional(r.reductionPercent, number))
            fields.append(String(r.hintsUsed))
            fields.append(number(r.timeSpentSeconds.rounded()))
            fields.append(r.regraded.map { ($0.passed ? ExerciseStanding.Status.done : .inProgress).rawValue } ?? "")
            fields.append(optional(r.regraded?.score, number))
            fields.append(optional(r.regraded?.points, number))
            fields.append(r.regraded?.engine ?? "")
            fields.append(r.regraded?.differences.joined(separator: "; ") ?? "")
        }
    }

    /// Canvas: the second row holds "Points Possible"; a column per exercise titled
    /// "Title (id)" so Canvas can match it to an assignment.
    static func canvasCSV(_ rows: [ExerciseStanding], to stream: BufferedFileStream) throws {
        let (exercises, byLearner) = pivot(rows)
        var csv = try CSVRowWriter()
        try csv.write(row: ["Student", "ID", "SIS Login ID", "Section"] + exercises.map { "\($0.title) (\($0.id))" }, to: stream)
        try csv.write(row: ["Points Possible", "", "", ""] + exercises.map { number($0.points) }, to: stream)
        for (learner, standings) in byLearner {
            try csv.write(row: [learner.name, "", learner.id, ""] + standings.map { $0.attempts == 0 ? "" : number($0.gradedPoints) }, to: stream)
        }
    }

    /// Moodle: "Email address" identifies the learner; each exercise has a grade column and
    /// a "<id> feedback" column.
    static func moodleCSV(_ rows: [ExerciseStanding], to stream: BufferedFileStream) throws {
        let (exercises, byLearner) = pivot(rows)
        var csv = try CSVRowWriter()
        try csv.write(row: ["Email address"] + exercises.flatMap { [$0.id, "\($0.id) feedback"] }, to: stream)
        for (learner, standings) in byLearner {
            try csv.write(row: [learner.id] + standings.flatMap { [$0.attempts == 0 ? "" : number($0.gradedPoints), feedback($0)] }, to: stream)
        }
    }

    static func classroomJSON(_ rows: [ExerciseStanding], to stream: BufferedFileStream) throws {
        struct Entry: Encodable {
            var learner: String
            var points_awarded: Double
            var points_available: Double
        }
        let (_, byLearner) = pivot(rows)
        let entries = byLearner.map { learner, standings in
            Entry(learner: learner.id,
                  points_awarded: standings.reduce(0) { $0 + $1.gradedPoints }.rounded(toPlaces: 2),
                  points_available: standings.reduce(0) { $0 + $1.pointsPossible })
        }
        try writeJSON(entries, to: stream)
    }

    /// Each standing in full (its `regraded` object holds the re-grades), with the claimed best
    /// attempt's `checks` and, once re-graded, the best re-grade's `regradedChecks`.
    static func fullJSON(_ rows: [ExerciseStanding], checks: [Int64: [GradeReport.Check]],
                         regradeChecks: [Int64: [GradeReport.Check]], to stream: BufferedFileStream) throws {
        struct Row: Encodable {
            var standing: ExerciseStanding
            var checks: [GradeReport.Check]
            var regradedChecks: [GradeReport.Check]?
            func encode(to encoder: any Encoder) throws {
                try standing.encode(to: encoder)
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(checks, forKey: .checks)
                try container.encodeIfPresent(regradedChecks, forKey: .regradedChecks)
            }
            enum Key: CodingKey { case checks, regradedChecks }
        }
        try writeJSON(rows.map {
            Row(standing: $0, checks: $0.bestAttemptID.flatMap { checks[$0] } ?? [],
                regradedChecks: $0.regraded.map { regradeChecks[$0.bestRegradeID] ?? [] })
        }, to: stream)
    }

    /// A case per check of each exercise's best re-grade when it was re-graded (the
    /// authoritative outcome), else of its best claimed attempt.
    static func junitXML(_ rows: [ExerciseStanding], checks: [Int64: [GradeReport.Check]],
                         regradeChecks: [Int64: [GradeReport.Check]], to stream: BufferedFileStream) throws {
        let (_, byLearner) = pivot(rows)
        var xml = XMLWriter()
        xml.start("testsuites", [("name", "dockerlings")])
        for (learner, standings) in byLearner {
            // A case per check; an exercise without a graded attempt is one skipped case.
            var cases: [(attributes: [(String, String)], outcome: (String, String)?)] = []
            var failures = 0, errors = 0, skipped = 0
            for standing in standings {
                let cls = "\(standing.exerciseID)"
                let list = standing.regraded.map { regradeChecks[$0.bestRegradeID] ?? [] }
                    ?? standing.bestAttemptID.flatMap { checks[$0] } ?? []
                if list.isEmpty {
                    skipped += 1
                    cases.append(([("classname", cls), ("name", standing.exerciseTitle)], ("skipped", standing.status.rawValue)))
                    continue
                }
                for check in list {
                    let detail = check.detail ?? check.status.rawValue
                    let attributes = [("classname", cls), ("name", check.title), ("id", check.id)]
                    switch check.status {
                    case .pass: cases.append((attributes, nil))
                    case .fail: failures += 1; cases.append((attributes, ("failure", detail)))
                    case .error: errors += 1; cases.append((attributes, ("error", detail)))
                    case .skip: skipped += 1; cases.append((attributes, ("skipped", detail)))
                    }
                }
            }
            xml.start("testsuite", [("name", learner.id), ("tests", String(cases.count)), ("failures", String(failures)),
                                    ("errors", String(errors)), ("skipped", String(skipped))])
            for (attributes, outcome) in cases {
                xml.element("testcase", attributes, children: outcome.map { [($0.0, [("message", $0.1)])] } ?? [])
            }
            xml.end()
            stream.write(xml.take())
        }
        xml.end()
        stream.write(xml.take())
    }

    // MARK: Helpers

    /// `2027-01-15T08:00:00Z`. Formatted by hand into 20 bytes: a formatter, or string
    /// interpolation, per row costs seconds at 200,000 rows.
    static func isoUTC(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else { return ISO8601DateFormatter().string(from: date) }
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int, digits: Int, at offset: Int) {
                var rest = value
                for k in stride(from: offset + digits - 1, through: offset, by: -1) {
                    buffer[k] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, digits: 4, at: 0)
            put(Int(parts.tm_mon) + 1, digits: 2, at: 5)
            put(Int(parts.tm_mday), digits: 2, at: 8)
            put(Int(parts.tm_hour), digits: 2, at: 11)
            put(Int(parts.tm_min), digits: 2, at: 14)
            put(Int(parts.tm_sec), digits: 2, at: 17)
            buffer[4] = UInt8(ascii: "-"); buffer[7] = UInt8(ascii: "-"); buffer[10] = UInt8(ascii: "T")
            buffer[13] = UInt8(ascii: ":"); buffer[16] = UInt8(ascii: ":"); buffer[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    static func optional<T>(_ value: T?, _ format: (T) -> String) -> String {
        value.map(format) ?? ""
    }

    /// Standings grouped per learner (rows arrive learner by learner, exercises in order).
    static func pivot(_ rows: [ExerciseStanding]) -> ([ExerciseInfo], [(Learner, [ExerciseStanding])]) {
        var groups: [(Learner, [ExerciseStanding])] = []
        for row in rows {
            if groups.last?.0.id == row.learnerID {
                groups[groups.count - 1].1.append(row)
            } else {
                groups.append((Learner(id: row.learnerID, name: row.learnerName), [row]))
            }
        }
        let exercises = (groups.first?.1 ?? []).map {
            ExerciseInfo(id: $0.exerciseID, title: $0.exerciseTitle, points: $0.pointsPossible)
        }
        return (exercises, groups)
    }

    static func feedback(_ s: ExerciseStanding) -> String {
        guard let best = s.bestScore else { return "not started" }
        var text = "\(s.status.rawValue); best score \(number(best))% in \(s.attempts) attempt\(s.attempts == 1 ? "" : "s")"
        if let image = s.bestImageBytes {
            text += "; image \(image) bytes"
            if let base = s.baselineBytes { text += " vs baseline \(base)" }
            if let reduction = s.reductionPercent { text += " (\(number(reduction))% smaller)" }
        }
        if s.hintsUsed > 0 { text += "; \(s.hintsUsed) hint\(s.hintsUsed == 1 ? "" : "s") used" }
        if let regraded = s.regraded {
            text += "; re-graded \(number(regraded.score))% on \(regraded.engine)"
            text += regraded.agrees ? ", as claimed" : " (differs from the claim: \(regraded.differences.joined(separator: "; ")))"
        }
        return text
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    static func writeJSON<T: Encodable>(_ value: T, to stream: BufferedFileStream) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        stream.write(String(decoding: try encoder.encode(value), as: UTF8.self))
        stream.write("\n")
    }
}
