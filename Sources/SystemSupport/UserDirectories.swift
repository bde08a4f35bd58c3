import Foundation

/// The per-user places the XDG Base Directory specification names, for dockerlings' own
/// folder in each: data (the progress database, the unpacked course) and cache. A relative
/// or empty XDG variable is ignored, as the specification asks.
public enum UserDirectories {
    /// `$XDG_DATA_HOME/dockerlings`, else `~/.local/share/dockerlings`.
    public static func data(environment: [String: String]) -> URL {
        base("XDG_DATA_HOME", fallback: ".local/share", environment: environment).appendingPathComponent("dockerlings")
    }

    /// `$XDG_CACHE_HOME/dockerlings`, else `~/.cache/dockerlings`.
    public static func cache(environment: [String: String]) -> URL {
        base("XDG_CACHE_HOME", fallback: ".cache", environment: environment).appendingPathComponent("dockerlings")
    }

    /// The learner's home folder: $HOME, else the password database's entry.
    public static func home(environment: [String: String]) -> URL {
        if let home = environment["HOME"], home.hasPrefix("/") { return URL(fileURLWithPath: home) }
        return FileManager.default.homeDirectoryForCurrentUser
    }

    private static func base(_ variable: String, fallback: String, environment: [String: String]) -> URL {
        if let value = environment[variable], value.hasPrefix("/") { return URL(fileURLWithPath: value) }
        return home(environment: environment).appendingPathComponent(fallback)
    }
}
