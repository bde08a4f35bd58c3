import Foundation

/// What the course copied into a workspace: for each exercise, each starter file's digest
/// as copied. Comparing it with the file now (did the learner change it?) and with the
/// course now (did the starter change upstream?) is how `init` never overwrites the
/// learner's work.
struct WorkspaceRecord: Codable, Sendable {
    static let schemaVersion = 1

    var schema = Self.schemaVersion
    /// The course version (EmbeddedCourse.version, or "checkout") that last synchronised it.
    var courseVersion: String
    /// Exercise id → starter path → SHA-256 of the starter as copied.
    var exercises: [String: [String: String]] = [:]

    static func read(from workspace: Workspace) throws(WorkspaceError) -> WorkspaceRecord? {
        let url = workspace.root.appendingPathComponent(Workspace.recordPath)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            let record = try JSONDecoder().decode(WorkspaceRecord.self, from: data)
            if record.schema > schemaVersion {
                throw WorkspaceError(description: "\(url.path) was written by a newer dockerlings (workspace format \(record.schema), this one reads \(schemaVersion)). Update dockerlings, or use another workspace with --workspace DIR; your files are untouched.")
            }
            return record
        } catch let error as WorkspaceError {
            throw error
        } catch {
            // Unreadable: start a fresh record. Files present are then compared with the starters
            // and kept when they differ, so nothing is lost.
            return nil
        }
    }

    func write(to workspace: Workspace) throws(WorkspaceError) {
        let url = workspace.root.appendingPathComponent(Workspace.recordPath)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try encoder.encode(self).write(to: url, options: .atomic)
        } catch {
            throw WorkspaceError.cannotWrite(url.path, error)
        }
    }
}
