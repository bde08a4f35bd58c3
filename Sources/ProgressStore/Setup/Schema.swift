import Foundation
import GRDB

/// The schema, as named migration steps. Steps are frozen once released: change the
/// schema by adding a step, never by editing one, so every older database migrates forward.
enum Schema {
    /// Written into the SQLite header so a file is known to be ours ("DKLG").
    static let applicationID: Int32 = 0x444B_4C47

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1: learners, lesson reads, hash-chained attempts") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.create(table: "learner") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("createdAtMs", .integer).notNull()
                t.column("attemptCount", .integer).notNull().defaults(to: 0)
                t.column("headHash", .text).notNull()
            }
            try db.create(table: "lessonRead") { t in
                t.column("learnerID", .text).notNull().references("learner", onDelete: .cascade)
                t.column("lessonID", .text).notNull()
                t.column("firstOpenedAtMs", .integer).notNull()
                t.column("finishedAtMs", .integer)
                t.primaryKey(["learnerID", "lessonID"])
            }
            try db.create(table: "attempt") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("learnerID", .text).notNull().references("learner", onDelete: .restrict)
                t.column("seq", .integer).notNull()
                t.column("exerciseID", .text).notNull()
                t.column("startedAtMs", .integer).notNull()
                t.column("finishedAtMs", .integer).notNull()
                t.column("passed", .boolean).notNull()
                t.column("score", .double).notNull()
                t.column("points", .double).notNull()
                t.column("pointsPossible", .double).notNull()
                t.column("imageBytes", .integer)
                t.column("baselineBytes", .integer)
                t.column("dockerfile", .text).notNull()
                t.column("dockerfileSHA256", .text).notNull()
                t.column("reportJSON", .text).notNull()
                t.column("toolVersion", .text).notNull()
                t.column("hintsSeen", .text).notNull()
                t.column("hintCount", .integer).notNull()
                t.column("prevHash", .text).notNull()
                t.column("hash", .text).notNull()
                t.uniqueKey(["learnerID", "seq"])
            }
            try db.create(index: "attempt_by_exercise", on: "attempt", columns: ["learnerID", "exerciseID", "seq"])
            // Append-only: history can grow, never change. (A determined editor can drop these;
            // the hash chain is what catches that.)
            try db.execute(sql: """
                CREATE TRIGGER attempt_append_only_update BEFORE UPDATE ON attempt
                BEGIN SELECT RAISE(ABORT, 'attempts are append-only'); END;
                CREATE TRIGGER attempt_append_only_delete BEFORE DELETE ON attempt
                BEGIN SELECT RAISE(ABORT, 'attempts are append-only'); END;
                """)
        }

        // Check outcomes as rows, so exports can read them without decoding every report.
        // Backfilled from the reports that older databases already hold.
        migrator.registerMigration("v2: check outcomes as rows") { db in
            try db.create(table: "checkOutcome") { t in
                t.column("attemptID", .integer).notNull().references("attempt", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("checkID", .text).notNull()
                t.column("title", .text).notNull()
                t.column("status", .text).notNull()
                t.column("detail", .text)
                t.primaryKey(["attemptID", "position"])
            }
            let rows = try Row.fetchCursor(db, sql: "SELECT id, reportJSON FROM attempt")
            while let row = try rows.next() {
                let id: Int64 = row["id"], json: String = row["reportJSON"]
                guard let report = try? JSONDecoder().decode(GradeReport.self, from: Data(json.utf8)) else { continue }
                for outcome in CheckOutcome.rows(for: report, attemptID: id) { try outcome.insert(db) }
            }
        }
        // Hints revealed by `dockerlings hint`, one row per level: the instructor sees how much
        // help was used even before the next attempt carries them in its hintsSeen.
        migrator.registerMigration("v3: hints revealed") { db in
            try db.create(table: "hintReveal") { t in
                t.column("learnerID", .text).notNull().references("learner", onDelete: .cascade)
                t.column("exerciseID", .text).notNull()
                t.column("level", .integer).notNull()
                t.column("revealedAtMs", .integer).notNull()
                t.primaryKey(["learnerID", "exerciseID", "level"])
            }
        }

        // The instructor's re-grades, beside the claims: an attempt row stays exactly as the
        // learner's machine recorded it (its hash covers it); what a trusted engine found for
        // the same Dockerfile goes here, one row per re-grade, the latest counting.
        migrator.registerMigration("v4: re-grades beside the claimed attempts") { db in
            try db.create(table: "regrade") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("attemptID", .integer).notNull().references("attempt", onDelete: .restrict)
                t.column("learnerID", .text).notNull()
                t.column("exerciseID", .text).notNull()
                t.column("seq", .integer).notNull()
                t.column("regradedAtMs", .integer).notNull()
                t.column("engine", .text).notNull()
                t.column("toolVersion", .text).notNull()
                t.column("passed", .boolean).notNull()
                t.column("score", .double).notNull()
                t.column("points", .double).notNull()
                t.column("pointsPossible", .double).notNull()
                t.column("imageBytes", .integer)
                t.column("baselineBytes", .integer)
                t.column("reportJSON", .text).notNull()
                t.column("differencesJSON", .text).notNull()
                t.column("differenceCount", .integer).notNull()
            }
            try db.create(index: "regrade_by_learner", on: "regrade", columns: ["learnerID", "exerciseID", "attemptID"])
        }

        // The standings (home screen, list, progress, exports) read a dozen small columns of
        // every attempt; with them in the index, SQLite never reads the rows, whose Dockerfile
        // and report make them a hundred times larger. It replaces v1's index, its prefix.
        migrator.registerMigration("v5: standings read from a covering index") { db in
            try db.create(index: "attempt_standing", on: "attempt", columns: [
                "learnerID", "exerciseID", "seq", "startedAtMs", "finishedAtMs", "passed", "score",
                "points", "pointsPossible", "imageBytes", "baselineBytes", "hintCount",
            ])
            try db.drop(index: "attempt_by_exercise")
        }
        return migrator
    }()
}
