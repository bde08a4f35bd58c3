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
    public var filePathInReport: String?
    public var verbose = false

    public init() {}

    /// Reads a `--require-label` value, `name:type`; an empty type is text, as in the
    /// config file's `label-schema`.
    public static func requiredLabel(_ text: String) throws(ConfigurationError) -> (name: String, type: String) {
        guard let colon = text.firstIndex(of: ":") else {
            throw ConfigurationError("--require-label takes name:type, e.g. maintainer:email (got '\(text)').")
        }
        let name = String(text[..<colon])
        guard !name.allSatisfy(\.isWhitespace) else {
            throw ConfigurationError("--require-label '\(text)' names no label: write the label's name before the colon, e.g. maintainer:email.")
        }
        return (name, String(text[text.index(after: colon)...]))
    }
}

extension LintConfiguration {
    /// This configuration (a config file's) with `flags` over it. Throws for a required
    /// label that names no label (`:`, `:email`).
    public func applying(_ flags: LintFlags) throws(ConfigurationError) -> LintConfiguration {
        var out = self
        out.ignored.formUnion(flags.ignored)
        for (code, severity) in flags.overrides { out.override(code, to: severity) }
        out.trustedRegistries += flags.trustedRegistries
        for text in flags.requiredLabels {
            let label = try LintFlags.requiredLabel(text)
            out.labelSchema[label.name] = label.type
        }
        out.enabled.formUnion(flags.enabled)
        if let threshold = flags.failureThreshold { out.failureThreshold = threshold }
        if let mode = flags.shellcheck { out.shellcheck = mode }
        if let format = flags.format { out.format = format }
        if let path = flags.filePathInReport { out.filePathInReport = path }
        out.verbose = out.verbose || flags.verbose
        out.strictLabels = out.strictLabels || flags.strictLabels
        out.disableIgnorePragma = out.disableIgnorePragma || flags.disableIgnorePragma
        out.noFail = out.noFail || flags.noFail
        out.noColor = out.noColor || flags.noColor
        return out
    }
}
