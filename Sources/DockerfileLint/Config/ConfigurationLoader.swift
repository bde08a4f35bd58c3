import Foundation
import Yams

/// Reads `.dockerlings.yml` and `.hadolint.yaml` (the same keys; hadolint's file is read as
/// it is) and finds the one that applies.
public enum ConfigurationLoader {
    /// Parses YAML text into a configuration.
    public static func parse(_ text: String, source: String = "config") throws(ConfigurationError) -> LintConfiguration {
        let node: Any?
        do {
            node = try Yams.load(yaml: text)
        } catch {
            throw ConfigurationError("\(source): not valid YAML (\(error)). Check the indentation and colons.")
        }
        var config = LintConfiguration()
        guard let node else { return config }
        guard let map = node as? [String: Any] else {
            throw ConfigurationError("\(source): expected a mapping of settings such as `ignored: [DL3008]`.")
        }
        for (key, value) in map {
            switch key {
            case "ignored", "ignore":
                config.ignored.formUnion(try strings(value, key, source))
            case "override":
                guard let levels = value as? [String: Any] else {
                    throw ConfigurationError("\(source): `override` must map levels to codes, e.g. `override: {error: [DL3001]}`.")
                }
                for (level, codes) in levels {
                    guard let sev = Severity(rawValue: level), sev != .ignore else {
                        throw ConfigurationError("\(source): unknown level `\(level)` under override; use error, warning, info or style.")
                    }
                    for code in try strings(codes, "override.\(level)", source) { config.override(code, to: sev) }
                }
            case "trustedRegistries", "trusted-registries":
                config.trustedRegistries += try strings(value, key, source)
            case "failure-threshold", "failureThreshold":
                guard let s = value as? String, let t = FailureThreshold(rawValue: s) else {
                    throw ConfigurationError("\(source): failure-threshold must be one of error, warning, info, style, ignore, none.")
                }
                config.failureThreshold = t
            case "label-schema", "labelSchema":
                guard let m = value as? [String: Any] else {
                    throw ConfigurationError("\(source): label-schema must map label names to types, e.g. `label-schema: {maintainer: email}`.")
                }
                for (k, v) in m { config.labelSchema[k] = (v as? String) ?? (v is NSNull ? "" : "\(v)") }
            case "strict-labels", "strictLabels":
                config.strictLabels = try bool(value, key, source)
            case "disable-ignore-pragma", "disableIgnorePragma":
                config.disableIgnorePragma = try bool(value, key, source)
            case "no-fail", "noFail":
                config.noFail = try bool(value, key, source)
            case "no-color", "noColor":
                config.noColor = try bool(value, key, source)
            case "format":
                config.format = value as? String
            case "shellcheck":
                if let b = value as? Bool {
                    config.shellcheck = b ? .auto : .never
                } else if let s = value as? String, let m = ShellCheckMode(rawValue: s) {
                    config.shellcheck = m
                } else {
                    throw ConfigurationError("\(source): shellcheck must be auto, always or never.")
                }
            case "enable", "enabled":
                config.enabled.formUnion(try strings(value, key, source))
            case "verbose":
                config.verbose = try bool(value, key, source)
            case "file-path-in-report":
                guard let path = value as? String, !path.isEmpty else {
                    throw ConfigurationError("\(source): file-path-in-report must be a file name, e.g. `file-path-in-report: docker/Dockerfile`.")
                }
                config.filePathInReport = path
            default:
                throw ConfigurationError("\(source): unknown setting `\(key)`. Known: ignored, override, trustedRegistries, failure-threshold, label-schema, strict-labels, disable-ignore-pragma, no-fail, no-color, format, verbose, file-path-in-report, shellcheck, enable.")
            }
        }
        return config
    }

    private static func strings(_ value: Any, _ key: String, _ source: String) throws(ConfigurationError) -> [String] {
        if value is NSNull { return [] }
        if let s = value as? String { return [s] }
        if let list = value as? [Any] {
            return list.map { "\($0)" }
        }
        throw ConfigurationError("\(source): `\(key)` must be a list, e.g. `\(key): [DL3008]`.")
    }

    private static func bool(_ value: Any, _ key: String, _ source: String) throws(ConfigurationError) -> Bool {
        if let b = value as? Bool { return b }
        throw ConfigurationError("\(source): `\(key)` must be true or false.")
    }

    /// Reads a configuration file.
    public static func load(path: String) throws(ConfigurationError) -> LintConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("\(path): cannot read the configuration file (does it exist?).")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    /// The configuration file that applies when none is named: in the working directory
    /// `.dockerlings.yml`/`.yaml`, then `.hadolint.yaml`/`.yml`; then hadolint's user
    /// locations. Nil when there is none.
    public static func discover(directory: String, environment: [String: String]) -> String? {
        var candidates = [".dockerlings.yml", ".dockerlings.yaml", ".hadolint.yaml", ".hadolint.yml"]
            .map { (directory as NSString).appendingPathComponent($0) }
        if let xdg = environment["XDG_CONFIG_HOME"] {
            candidates += ["hadolint.yaml", "hadolint.yml"].map { (xdg as NSString).appendingPathComponent($0) }
        }
        if let home = environment["HOME"] {
            candidates += [".hadolint/hadolint.yaml", ".hadolint/hadolint.yml", ".hadolint/config.yaml",
                           ".hadolint/config.yml", ".hadolint.yaml", ".hadolint.yml"]
                .map { (home as NSString).appendingPathComponent($0) }
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}
