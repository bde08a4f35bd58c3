import Foundation

/// A learner's (or an instructor's) machine seen for the first time: a temporary HOME, no
/// dockerlings settings from the environment, and `dockerlings` run from that home so the
/// course comes from the binary itself.
public struct FreshHome: Sendable {
    public let binary = RepoPaths.product("dockerlings")
    public let home: URL

    public init(_ name: String) throws {
        home = try RepoPaths.temporaryDirectory(name)
    }

    /// The process environment without the settings that would point dockerlings elsewhere.
    public var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["DOCKERLINGS_DB", "DOCKERLINGS_COURSE", "DOCKERLINGS_WORKSPACE", "DOCKERLINGS_BUNDLE_KEY",
                    "XDG_DATA_HOME", "XDG_CACHE_HOME", "NO_COLOR", "FORCE_COLOR"] {
            env[key] = nil
        }
        env["HOME"] = home.path
        return env
    }

    /// `dockerlings ARGUMENTS` (as ada@example.org unless `learner` is nil) from `folder`,
    /// by default the home.
    @discardableResult
    public func run(_ arguments: [String], learner: String? = "ada@example.org", in folder: URL? = nil) throws -> ProcessResult {
        try runProcess(binary, arguments + (learner.map { ["--learner", $0] } ?? []), environment: environment,
                       currentDirectory: folder ?? home)
    }
}
