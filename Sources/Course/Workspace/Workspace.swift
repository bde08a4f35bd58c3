import Foundation
import SystemSupport

/// The learner's own copy of the exercises: one folder per exercise id, holding the files
/// the learner edits, and `.dockerlings/` with what the course copied there.
public struct Workspace: Sendable {
    public let root: URL

    public init(root: URL) { self.root = URL(fileURLWithPath: root.standardizedFileURL.path, isDirectory: true) }

    /// The record of what was copied, relative to the root.
    static let recordPath = ".dockerlings/workspace.json"
    /// Earlier versions of files that `reset` replaced, relative to the root.
    static let backupsPath = ".dockerlings/backups"

    /// `explicit` (--workspace), else $DOCKERLINGS_WORKSPACE, else the workspace the current
    /// folder is in, else `~/dockerlings`.
    public static func locate(explicit: String?, environment: [String: String], currentDirectory: URL) -> Workspace {
        func expand(_ path: String) -> URL {
            let expanded = (path as NSString).expandingTildeInPath
            return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : currentDirectory.appendingPathComponent(expanded)
        }
        if let explicit, !explicit.isEmpty { return Workspace(root: expand(explicit)) }
        if let value = environment["DOCKERLINGS_WORKSPACE"], !value.isEmpty { return Workspace(root: expand(value)) }
        var dir = currentDirectory.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(recordPath).path) { return Workspace(root: dir) }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return Workspace(root: UserDirectories.home(environment: environment).appendingPathComponent("dockerlings"))
    }

    /// Whether `init` has set this workspace up.
    public var isInitialised: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(Self.recordPath).path)
    }

    public func folder(for exerciseID: String) -> URL { root.appendingPathComponent(exerciseID) }

    /// The file the learner edits and `check` grades.
    public func answer(for exercise: Exercise) -> URL {
        folder(for: exercise.id).appendingPathComponent(exercise.manifest.dockerfile)
    }

    /// The exercise whose folder `directory` is in, if it is inside this workspace.
    public func exerciseID(containing directory: URL) -> String? {
        let inside = directory.standardizedFileURL.pathComponents
        let base = root.pathComponents
        guard inside.count > base.count, Array(inside.prefix(base.count)) == base else { return nil }
        let id = inside[base.count]
        return id.hasPrefix(".") ? nil : id
    }

    /// The root as the learner would type it: `~/dockerlings` rather than `/home/ada/dockerlings`.
    public func displayPath(environment: [String: String]) -> String {
        let home = UserDirectories.home(environment: environment).standardizedFileURL.path
        let path = root.path
        if path == home { return "~" }
        return path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
    }
}

/// Why the workspace could not be set up or changed. Nothing the learner wrote is lost.
public struct WorkspaceError: Error, CustomStringConvertible, Sendable {
    public var description: String

    static func cannotWrite(_ path: String, _ error: Error) -> WorkspaceError {
        let reason = (error as NSError).userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? error.localizedDescription
        return WorkspaceError(description: "Cannot write \(path) (\(reason)). Your files are untouched. Make the folder writable, or choose another workspace with --workspace DIR (or $DOCKERLINGS_WORKSPACE).")
    }
}
