/// Whether RUN scripts also go through ShellCheck.
public enum ShellCheckMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// When `shellcheck` is on PATH.
    case auto
    /// Always; a missing shellcheck is an error.
    case always
    case never
}

/// The lowest severity that makes the exit status 1, or `none` to never fail on findings.
public enum FailureThreshold: String, Sendable, Hashable, CaseIterable {
    case error, warning, info, style, ignore, none

    public func isReached(by severity: Severity) -> Bool {
        guard let level = Severity(rawValue: rawValue) else { return false }
        return severity >= level
    }
}

/// Everything that changes what the linter reports. The fields mirror hadolint's
/// configuration so a `.hadolint.yaml` means the same here.
public struct LintConfiguration: Sendable, Hashable {
    /// Codes never reported.
    public var ignored: Set<String> = []
    /// Severity overrides by code.
    public var overrides: [String: Severity] = [:]
    /// Registries FROM images may come from (turns on DL3026).
    public var trustedRegistries: [String] = []
    public var failureThreshold: FailureThreshold = .info
    /// Required labels and their type (`text`, `url`, `semver`, `hash`, `rfc3339`, `spdx`, `email`).
    public var labelSchema: [String: String] = [:]
    public var strictLabels = false
    public var disableIgnorePragma = false
    public var noFail = false
    public var shellcheck: ShellCheckMode = .auto
    /// Opt-in rules or families to turn on (`course`, `DC001`).
    public var enabled: Set<String> = []
    /// Output format named in a config file (`json`, `sarif`, …).
    public var format: String?
    public var noColor = false
    /// The file name reports give every finding (`--file-path-in-report`), for the formats
    /// that take it.
    public var filePathInReport: String?
    /// Say on standard error what lint does (`--verbose`).
    public var verbose = false
    /// The platform of base images, by reference as the FROM line names it after ARG
    /// expansion (`busybox:1.36`), for InvalidBaseImagePlatform. Empty unless someone
    /// looked (`dockerlings lint --base-images local`); an image not in it is not judged.
    public var basePlatforms: [String: ImagePlatform] = [:]
    /// The platform a stage without `FROM --platform` is built for (the engine's); this
    /// program's own platform when nil.
    public var defaultPlatform: ImagePlatform?

    public init() {}

    /// Severity a code is reported at, after overrides (the highest override wins).
    public func severity(for code: String, default base: Severity) -> Severity {
        overrides[code] ?? base
    }

    /// Adds an override, keeping the highest level when a code is named twice.
    public mutating func override(_ code: String, to severity: Severity) {
        if let existing = overrides[code], existing > severity { return }
        overrides[code] = severity
    }
}
