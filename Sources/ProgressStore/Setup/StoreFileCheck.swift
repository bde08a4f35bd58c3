import Foundation
import GRDB

/// Looks at what is at the database path before SQLite opens it for writing: opening a
/// foreign SQLite file read-write would already change it (WAL mode rewrites the header).
enum StoreFileCheck {
    static let sqliteMagic = Array("SQLite format 3\0".utf8)

    static func prepare(path: String) throws {
        let fm = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw ProgressStoreError.notADatabase(path: path) }
            try inspectExisting(path: path)
            if access(path, W_OK) != 0 {
                throw ProgressStoreError.notWritable(path: path, detail: "the file is read-only")
            }
        } else {
            do {
                try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw ProgressStoreError.notWritable(path: path, detail: "cannot create the folder \(folder): \(reason(error))")
            }
        }
        // WAL mode keeps `-wal` and `-shm` files beside the database.
        if access(folder, W_OK) != 0 {
            throw ProgressStoreError.notWritable(path: path, detail: "the folder \(folder) is read-only")
        }
    }

    /// Accepts an empty file, or an SQLite file that is ours (or blank); rejects the rest.
    static func inspectExisting(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ProgressStoreError.notWritable(path: path, detail: "the file cannot be read")
        }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        if header.isEmpty { return }  // a new, empty file: SQLite will initialise it
        guard header.count == 100, Array(header.prefix(16)) == sqliteMagic else {
            throw ProgressStoreError.notADatabase(path: path)
        }
        // Ask SQLite itself (it sees uncheckpointed WAL content the raw header may not).
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(ProgressStore.busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            let (applicationID, objects) = try queue.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0)
            }
            try queue.close()
            if applicationID == Schema.applicationID { return }
            if applicationID != 0 || objects > 0 { throw ProgressStoreError.foreignDatabase(path: path) }
        } catch let error as ProgressStoreError {
            throw error
        } catch {
            throw translate(error, path: path)
        }
    }

    /// SQLite's result codes, in words a learner can act on.
    static func translate(_ error: any Error, path: String) -> ProgressStoreError {
        if let error = error as? ProgressStoreError { return error }
        guard let dbError = error as? DatabaseError else {
            return .database(path: path, detail: reason(error))
        }
        let detail = dbError.message ?? "\(dbError.resultCode)"
        switch dbError.resultCode.primaryResultCode {
        case .SQLITE_NOTADB: return .notADatabase(path: path)
        case .SQLITE_CORRUPT: return .corrupt(path: path, detail: detail)
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: return .notWritable(path: path, detail: detail)
        case .SQLITE_FULL: return .notWritable(path: path, detail: "the disk is full")
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked(path: path)
        default: return .database(path: path, detail: detail)
        }
    }

    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
