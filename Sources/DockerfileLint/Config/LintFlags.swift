/// What `dockerlings lint`'s flags say, to be laid over the configuration file's settings
/// (`LintConfiguration.applying`): lists add to the file's, a flag that is given wins.
public struct LintFlags: Sendable {
    public var ignored: [String] = []
    /// Codes to report at a severity (`--error DL3008`); a code named twice keeps the highest.
    public var overrides: [(code: String, severity: Severity)] = []
    public var trustedRegistries: [String] = []
    /// Required labels as `--require-label` takes them: `name:type`.
    public var requiredLabels: [String] = []
    /// Opt-in rules or families (`course`, `DC001`).
    public var enabled: [String] = []
    public var strictLabels = false
    public var disableIgnorePragma = false
    public var noFail = false
    public var noColor = false
    /// Given: replaces the file's. Nil: the file's (or the default) stands.
    public var failureThreshold: FailureThreshold?
    public var shellcheck: ShellCheckMode?
    public var format: String?

    public init() {}
}

extension LintConfiguration {
    /// This configuration (a config file's) with `flags` over it.
    public func applying(_ flags: LintFlags) -> LintConfiguration {
        var out = self
        out.ignored.formUnion(flags.ignored)
        for (code, severity) in flags.overrides { out.override(code, to: severity) }
        out.trustedRegistries += flags.trustedRegistries
        for label in flags.requiredLabels {
            let parts = label.split(separator: ":", maxSplits: 1)
            out.labelSchema[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        out.enabled.formUnion(flags.enabled)
        if let threshold = flags.failureThreshold { out.failureThreshold = threshold }
        if let mode = flags.shellcheck { out.shellcheck = mode }
        if let format = flags.format { out.format = format }
        out.strictLabels = out.strictLabels || flags.strictLabels
        out.disableIgnorePragma = out.disableIgnorePragma || flags.disableIgnorePragma
        out.noFail = out.noFail || flags.noFail
        out.noColor = out.noColor || flags.noColor
        return out
    }
}
