import Foundation
import SystemSupport

/// Where the progress database lives: `--db`, else `DOCKERLINGS_DB`, else
/// `.dockerlings/progress.sqlite` in the course workspace (the nearest folder, from the
/// current one upwards, holding `.dockerlings/` or `Exercises/`; else the current folder).
public enum StoreLocation {
    public static let relativePath = ".dockerlings/progress.sqlite"

    public static func resolve(explicit: String?, environment: [String: String], currentDirectory: URL) -> URL {
        if let explicit, !explicit.isEmpty { return url(explicit, relativeTo: currentDirectory) }
        if let env = environment["DOCKERLINGS_DB"], !env.isEmpty { return url(env, relativeTo: currentDirectory) }
        return workspace(from: currentDirectory).appendingPathComponent(relativePath)
    }

    public static func workspace(from start: URL) -> URL {
        let fm = FileManager.default
        var dir = start.standardizedFileURL
        while true {
            for marker in [".dockerlings", "Exercises"] where fm.fileExists(atPath: dir.appendingPathComponent(marker).path) {
                return dir
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return start.standardizedFileURL }
            dir = parent
        }
    }

    private static func url(_ path: String, relativeTo base: URL) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : base.appendingPathComponent(expanded)
    }
}

/// Who the learner is: `--learner`, else git's user.email (named by user.name), else the
/// login name.
public enum LearnerIdentity {
    public static func resolve(explicit: String?, environment: [String: String]) -> Learner {
        let gitName = gitConfig("user.name")
        if let explicit, !explicit.trimmingCharacters(in: .whitespaces).isEmpty {
            return Learner(id: explicit, name: explicit)
        }
        if let email = gitConfig("user.email") {
            return Learner(id: email, name: gitName ?? email)
        }
        if let name = gitName { return Learner(id: name, name: name) }
        let login = environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
        return Learner(id: login, name: login)
    }

    /// `git config --get KEY`, or nil when git is missing or the key unset.
    static func gitConfig(_ key: String) -> String? {
        guard let child = try? ChildProcess.launch("git", ["config", "--get", key]) else { return nil }
        let data = child.standardOutput.readDataToEndOfFile()
        guard child.waitUntilExit() == 0 else { return nil }
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }
}
