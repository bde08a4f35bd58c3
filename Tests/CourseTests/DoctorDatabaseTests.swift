import Foundation
import ProgressStore
import Testing
import TestSupport
@testable import Course

/// The doctor's look at the progress database, on real SQLite files damaged the way a disk
/// or a person with a hex editor would damage them.
@Suite struct DoctorDatabaseTests {
    func checks(_ db: URL) async -> [String: DoctorCheck] {
        let doctor = Doctor(course: .failure(.notACourse("none")), database: LocatedPath(url: db, origin: "--db"))
        return Dictionary(uniqueKeysWithValues: await doctor.databaseChecks().map { ($0.id, $0) })
    }

    /// A store with three attempts whose Dockerfiles carry a marker each, closed (so its
    /// write-ahead log is folded into the file).
    func history() throws -> (dir: URL, db: URL) {
        let dir = try RepoPaths.temporaryDirectory("doctor-db")
        let db = dir.appendingPathComponent("progress.sqlite")
        do {
            let store = try ProgressStore.open(at: db)
            let learner = Learner(id: "ann@example.com", name: "Ann")
            let report = GradeReport(checks: [.init(id: "parse", title: "parses", status: .pass)],
                                     metrics: .init(), points: 1, pointsPossible: 1)
            for n in 1...3 {
                let start = Date(timeIntervalSince1970: 1_800_000_000 + Double(n) * 60)
                try store.record(NewAttempt(exerciseID: "first-dockerfile", startedAt: start, finishedAt: start.addingTimeInterval(5),
                                            report: report, dockerfile: "FROM busybox:latest\n# DOCTOR-MARK-\(n)\n",
                                            toolVersion: "test", hintsSeen: []), by: learner)
            }
        }
        return (dir, db)
    }

    @Test func aSoundDatabaseIsOkAndASecondLookChangesNothing() async throws {
        let (dir, db) = try history()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try #require(FileManager.default.contents(atPath: db.path))
        let found = await checks(db)
        #expect(found.values.allSatisfy { $0.status == .ok }, "\(found)")
        #expect(found["database"]?.found.contains("schema") == true)
        #expect(found["database-chain"]?.found.contains("3 attempts of 1 learner") == true)
        #expect(FileManager.default.contents(atPath: db.path) == before)
    }

    @Test func aMissingDatabaseWillBeCreatedButIsNot() async throws {
        let dir = try RepoPaths.temporaryDirectory("doctor-db")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("not-yet/progress.sqlite")
        let found = await checks(db)
        #expect(found["database"]?.status == .ok)
        #expect(found["database"]?.found.contains("does not exist yet") == true)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("not-yet").path))
    }

    @Test func aCorruptDatabaseIsAProblem() async throws {
        let (dir, db) = try history()
        defer { try? FileManager.default.removeItem(at: dir) }
        var bytes = try #require(FileManager.default.contents(atPath: db.path))
        // Keep page 1 (the header and the schema); every later page becomes noise.
        #expect(bytes.count > 8192)
        for index in 4096..<bytes.count { bytes[index] = UInt8(truncatingIfNeeded: index &* 37 &+ 11) }
        try bytes.write(to: db)
        let found = await checks(db)
        let integrity = try #require(found["database-integrity"])
        #expect(integrity.status == .problem, "\(found)")
        #expect(integrity.fix?.contains(".recover") == true)
    }

    @Test func aFileThatIsNotADatabaseIsAProblemAndLeftAlone() async throws {
        let dir = try RepoPaths.temporaryDirectory("doctor-db")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("progress.sqlite")
        try Data("my notes, not a database\n".utf8).write(to: db)
        let found = await checks(db)
        #expect(found["database"]?.status == .problem)
        #expect(found["database"]?.found.contains("not a dockerlings progress database") == true)
        #expect(found["database"]?.fix?.contains("--db") == true)
        #expect(found["database-chain"]?.status == .warning)
        #expect(FileManager.default.contents(atPath: db.path) == Data("my notes, not a database\n".utf8))
    }

    @Test func aTamperedChainIsAProblemThatNamesTheAttempt() async throws {
        let (dir, db) = try history()
        defer { try? FileManager.default.removeItem(at: dir) }
        var bytes = try #require(FileManager.default.contents(atPath: db.path))
        // Edit attempt 2's Dockerfile in place, as a hex editor would: SQLite's structure is
        // untouched, so only the hash chain can tell.
        let marker = Data("DOCTOR-MARK-2".utf8)
        let range = try #require(bytes.range(of: marker), "the attempt is in the main file, not only in the write-ahead log")
        bytes.replaceSubrange(range, with: Data("DOCTOR-MARK-9".utf8))
        try bytes.write(to: db)
        let found = await checks(db)
        #expect(found["database-integrity"]?.status == .ok)
        let chain = try #require(found["database-chain"])
        #expect(chain.status == .problem)
        #expect(chain.found.contains("attempt #2"), "\(chain.found)")
        #expect(chain.fix != nil)
    }
}
