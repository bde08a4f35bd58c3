import Foundation
import SystemSupport

/// Where the progress database lives: `--db`, else `DOCKERLINGS_DB`, else a
/// `.dockerlings/progress.sqlite` that already exists in the current folder or one above it
/// (a class's shared folder, or a database made by an earlier dockerlings), else the user's
/// data folder: `$XDG_DATA_HOME/dockerlings/progress.sqlite` (`~/.local/share/...`).
public enum StoreLocation {
    public static let relativePath = ".dockerlings/progress.sqlite"
    public static let fileName = "progress.sqlite"

    public static func resolve(explicit: String?, environment: [String: String], currentDirectory: URL) -> URL {
        if let explicit, !explicit.isEmpty { return url(explicit, relativeTo: currentDirectory) }
        if let env = environment["DOCKERLINGS_DB"], !env.isEmpty { return url(env, relativeTo: currentDirectory) }
        var dir = currentDirectory.standardizedFileURL
        while true {
            let candidate = dir.appendingPathComponent(relativePath)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return UserDirectories.data(environment: environment).appendingPathComponent(fileName)
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
        if let explicit, !explicit.trimmingCharacters(in: .whitespaces).isEmpty {
            return Learner(id: explicit, name: explicit)
        }
        let git = gitUser(environment: environment)
        if let email = git.email { return Learner(id: email, name: git.name ?? email) }
        if let name = git.name { return Learner(id: name, name: name) }
        let login = environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
        return Learner(id: login, name: login)
    }

    /// git's user.name and user.email, asked in one `git config` run (the learner's
    /// screens start no more processes than they must); nil when git is missing or unset.
    static func gitUser(environment: [String: String]) -> (name: String?, email: String?) {
        guard let output = try? ChildProcess.runAndWait("git", ["config", "--get-regexp", #"^user\.(name|email)$"#],
                                                        environment: environment, timeout: .seconds(10)),
              output.status == 0 else { return (nil, nil) }
        var name: String?, email: String?
        for line in output.stdoutText.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if value.isEmpty { continue }
            if parts[0] == "user.name" { name = value } else if parts[0] == "user.email" { email = value }
        }
        return (name, email)
    }
}
