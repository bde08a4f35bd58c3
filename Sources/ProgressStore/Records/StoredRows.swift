import GRDB

/// The writes made for every attempt, through prepared statements that the connection keeps
/// (`cachedStatement`). GRDB's record methods build their SQL and encode the record through
/// Codable on each call; for one attempt that is nothing, but a gradebook import writes
/// 20,000 attempts and 80,000 check rows, and there it was most of the time.
enum StoredRows {
    static func insert(_ attempt: inout Attempt, in db: Database) throws {
        let statement = try db.cachedStatement(sql: attemptInsert)
        let a = attempt
        let values: [(any DatabaseValueConvertible)?] = Attempt.storedColumns.map { $0.value(a) }
        try statement.execute(arguments: StatementArguments(values))
        attempt.id = db.lastInsertedRowID
    }

    /// `INSERT INTO attempt (learnerID, seq, …) VALUES (?, ?, …)`, from `Attempt.storedColumns`.
    static let attemptInsert: String = {
        let names = Attempt.storedColumns.map(\.name)
        return "INSERT INTO attempt (\(names.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"
    }()

    static func insert(_ outcomes: [CheckOutcome], in db: Database) throws {
        guard !outcomes.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO checkOutcome (attemptID, position, checkID, title, status, detail) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for o in outcomes {
            try statement.execute(arguments: [o.attemptID, o.position, o.checkID, o.title, o.status, o.detail])
        }
    }

    static func learner(_ id: String, in db: Database) throws -> LearnerRecord? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM learner WHERE id = ?")
        return try LearnerRecord.fetchOne(statement, arguments: [id])
    }

    /// Inserts the learner, or moves an existing one's head (its creation time stays).
    static func save(_ head: LearnerRecord, in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO learner (id, name, createdAtMs, attemptCount, headHash) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, attemptCount = excluded.attemptCount,
                headHash = excluded.headHash
            """)
        try statement.execute(arguments: [head.id, head.name, head.createdAtMs, head.attemptCount, head.headHash])
    }
}
