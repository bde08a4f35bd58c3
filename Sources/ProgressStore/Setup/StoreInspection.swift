import Foundation
import GRDB

/// How far a database's schema has come, against the steps this build knows.
public struct SchemaVersion: Sendable, Equatable, CustomStringConvertible {
    /// Schema steps applied to the file.
    public var applied: Int
    /// Schema steps this build of dockerlings knows.
    public var known: Int
    /// Written by a newer dockerlings: steps this build does not know were applied.
    public var isNewer: Bool

    /// An older file is brought forward the next time a command writes to it.
    public var isCurrent: Bool { applied == known && !isNewer }
    public var description: String { isNewer ? "newer than \(known)" : "\(applied) of \(known)" }
}

extension ProgressStore {
    /// Opens an existing store to look at it, changing nothing: no migration, no journal
    /// mode, no file created. A file that is not ours is refused as `open(at:)` refuses it.
    public static func openForInspection(at url: URL) throws -> ProgressStore {
        let path = url.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ProgressStoreError.database(path: path, detail: "no such file")
        }
        if isDirectory.boolValue { throw ProgressStoreError.notADatabase(path: path) }
        try StoreFileCheck.inspectExisting(path: path)
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        do {
            return ProgressStore(path: path, pool: try DatabasePool(path: path, configuration: config))
        } catch {
            throw StoreFileCheck.translate(error, path: path)
        }
    }

    /// The schema steps applied to this file, against the ones this build knows.
    public func schemaVersion() throws -> SchemaVersion {
        try guarded {
            try pool.read { db in
                let known = Schema.migrator.migrations
                let applied = try Schema.migrator.appliedIdentifiers(db)  // none in a blank file
                return SchemaVersion(applied: applied.filter(known.contains).count, known: known.count,
                                     isNewer: !applied.isSubset(of: Set(known)))
            }
        }
    }
}
