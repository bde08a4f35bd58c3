import Foundation

/// The learner's workspace: there (or makeable), set up, writable, and holding a folder for
/// every exercise of the course.
extension Doctor {
    func workspaceCheck(catalogue: Catalogue?) async -> DoctorCheck {
        guard let workspace else {
            return DoctorCheck(id: "workspace", title: "workspace", status: .ok, found: "not looked at (no workspace given)")
        }
        let limit = timeout
        let check = await Deadline.runBlocking(timeout) { Self.examineWorkspace(workspace, exerciseIDs: catalogue?.exercises.map(\.id)) }
        return check ?? DoctorCheck(id: "workspace", title: "workspace", status: .problem,
                                    found: "\(workspace.place.url.path) did not answer within \(limit.wholeSeconds) s (a hung file system?)",
                                    fix: "Check the file system that holds it, or choose another workspace with --workspace DIR or DOCKERLINGS_WORKSPACE.")
    }

    static func examineWorkspace(_ workspace: LocatedWorkspace, exerciseIDs: [String]?) -> DoctorCheck {
        let root = workspace.place.url
        let place = "\(root.path) (\(workspace.place.origin))"
        let elsewhere = "Choose another workspace with --workspace DIR or DOCKERLINGS_WORKSPACE."
        let initCommand = workspace.place.origin == "the default" ? "dockerlings init" : "dockerlings init \(root.path)"
        func check(_ status: DoctorCheck.Status, _ found: String, fix: String? = nil) -> DoctorCheck {
            DoctorCheck(id: "workspace", title: "workspace", status: status, found: found, fix: fix)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            guard let parent = nearestExistingFolder(of: root.appendingPathComponent("x")), access(parent.path, W_OK) == 0 else {
                return check(.problem, "\(place) does not exist and cannot be made: no folder on its path is writable", fix: elsewhere)
            }
            return check(.ok, "\(place) is not made yet; `\(initCommand)` (or the first `dockerlings`) makes it")
        }
        guard isDirectory.boolValue else { return check(.problem, "\(place) is a file, not a folder", fix: elsewhere) }
        guard access(root.path, W_OK) == 0 else {
            return check(.problem, "\(place) is read-only: new exercises and backups cannot be written",
                         fix: "Make it writable (`chmod -R u+w \(root.path)`), or " + elsewhere.lowercasedFirst)
        }
        guard workspace.workspace.isInitialised else {
            return check(.warning, "\(place) holds no exercises yet",
                         fix: "`\(initCommand)` copies every exercise's starter files there (a file you wrote is never overwritten).")
        }
        let ids = exerciseIDs ?? []
        let folders = ids.map { root.appendingPathComponent($0) }
        let missing = zip(ids, folders).filter { !FileManager.default.fileExists(atPath: $0.1.path) }.map(\.0)
        let readOnly = zip(ids, folders).filter { FileManager.default.fileExists(atPath: $0.1.path) && access($0.1.path, W_OK) != 0 }.map(\.0)
        if !readOnly.isEmpty {
            return check(.problem, "\(place): \(readOnly.count) exercise folder\(readOnly.count == 1 ? " is" : "s are") read-only: \(readOnly.joined(separator: ", "))",
                         fix: "Make them writable (`chmod -R u+w \(root.path)`), so your edits can be saved and checked.")
        }
        if !missing.isEmpty {
            return check(.warning, "\(place): \(missing.count) of \(ids.count) exercise folders are missing: \(missing.joined(separator: ", "))",
                         fix: "`\(initCommand)` puts them back (your other files are left as they are).")
        }
        let counted = exerciseIDs == nil ? "set up" : "\(ids.count) exercise folders"
        return check(.ok, "\(place), \(counted), writable")
    }
}

/// The workspace the learner's commands would use, and what named it.
public struct LocatedWorkspace: Sendable {
    public var workspace: Workspace
    public var origin: String

    public init(_ workspace: Workspace, origin: String) {
        self.workspace = workspace
        self.origin = origin
    }

    var place: LocatedPath { LocatedPath(url: workspace.root, origin: origin) }
}
