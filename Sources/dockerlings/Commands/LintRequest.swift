import ArgumentParser
import DockerEngine
import DockerfileLint
import Foundation
import SystemSupport

/// What `dockerlings lint` was asked to do, as plain values: the `Lint` command fills it from
/// ArgumentParser, and the quick start (LintQuickStart) from a plain command line without
/// building ArgumentParser's command tree. Either way the same code validates and runs it.
struct LintRequest: Equatable {
    var files: [String] = []
    var format: String?
    var output: String?
    var filePathInReport: String?
    var verbose = false
    var config: String?
    var ignore: [String] = []
    var error: [String] = []
    var warning: [String] = []
    var info: [String] = []
    var style: [String] = []
    var trustedRegistry: [String] = []
    var requireLabel: [String] = []
    var strictLabels = false
    var failureThreshold: String?
    var noFail = false
    var disableIgnorePragma = false
    var shellcheck: String?
    var noCache = false
    var enable: [String] = []
    var noColor = false
    var context: String?
    var baseImages: String?
    var fix = false
    var unsafe = false
    var diff = false

    func validate() throws(ValidationError) {
        if unsafe && !(fix || diff) { throw ValidationError("--unsafe goes with --fix or --diff.") }
        if files.isEmpty { throw ValidationError("Name at least one Dockerfile, or '-' to read standard input.") }
        if output == "" { throw ValidationError("--output needs a file name, e.g. -o lint-report.xml.") }
        if let format, LintReportFormat(name: format) == nil {
            throw ValidationError("Unknown format '\(format)'. Use one of: \(LintReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        if let failureThreshold, FailureThreshold(rawValue: failureThreshold) == nil {
            throw ValidationError("Unknown failure threshold '\(failureThreshold)'. Use error, warning, info, style, ignore or none.")
        }
        if let shellcheck, ShellCheckMode(rawValue: shellcheck) == nil {
            throw ValidationError("--shellcheck takes auto, always or never.")
        }
        if let baseImages, !["none", "local"].contains(baseImages) {
            throw ValidationError("--base-images takes none or local (got '\(baseImages)').")
        }
        for label in requireLabel {
            do { _ = try LintFlags.requiredLabel(label) } catch { throw ValidationError(error.description) }
        }
    }

    /// Runs the request. Only `--base-images local` waits on anything (the engine); every
    /// other request runs on the calling thread (see `runWithoutEngine`).
    func run() async throws {
        var prepared = try prepare()
        if baseImages == "local" {
            do {
                try await Self.askEngineForPlatforms(of: prepared.inputs, into: &prepared.configuration)
            } catch {
                FileHandle.standardError.write(Data("dockerlings: --base-images local: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        try lint(prepared)
    }

    /// Runs a request that does not ask the engine, without Swift concurrency: the quick
    /// start lints a file without starting its thread pool.
    func runWithoutEngine() throws {
        precondition(baseImages != "local", "--base-images local asks the engine: use run()")
        try lint(try prepare())
    }

    /// The settings (file, then flags) and the inputs, read before any linting.
    struct Prepared {
        var configuration: LintConfiguration
        var inputs: [(name: String, bytes: [UInt8])]
        var unreadable: Bool
        var environment: [String: String]
        var startedAt: Date
    }

    /// With --verbose (or `verbose: true` in the configuration), says what lint does.
    static func log(_ text: String, if verbose: Bool) {
        if verbose { FileHandle.standardError.write(Data("dockerlings lint: \(text)\n".utf8)) }
    }

    private func prepare() throws -> Prepared {
        let startedAt = Date()
        let env = ProcessInfo.processInfo.environment
        var configuration: LintConfiguration
        let configPath: String?
        do {
            if let config {
                configPath = config
                configuration = try ConfigurationLoader.load(path: config)
            } else if let found = ConfigurationLoader.discover(directory: FileManager.default.currentDirectoryPath, environment: env) {
                configPath = found
                configuration = try ConfigurationLoader.load(path: found)
            } else {
                configPath = nil
                configuration = LintConfiguration()
            }
        } catch {
            FileHandle.standardError.write(Data("dockerlings: \(error)\n".utf8))
            throw ExitCode(2)
        }
        var flags = LintFlags()
        flags.ignored = ignore
        flags.overrides = [(error, Severity.error), (warning, .warning), (info, .info), (style, .style)]
            .flatMap { codes, severity in codes.map { (code: $0, severity: severity) } }
        flags.trustedRegistries = trustedRegistry
        flags.requiredLabels = requireLabel
        flags.enabled = enable
        flags.strictLabels = strictLabels
        flags.noFail = noFail
        flags.disableIgnorePragma = disableIgnorePragma
        flags.noColor = noColor || env["NO_COLOR"] != nil
        flags.failureThreshold = failureThreshold.flatMap(FailureThreshold.init(rawValue:))
        flags.shellcheck = shellcheck.flatMap(ShellCheckMode.init(rawValue:))
        flags.format = format
        flags.filePathInReport = filePathInReport
        flags.verbose = verbose
        configuration = try configuration.applying(flags)
        let verbose = configuration.verbose
        Self.log(configPath.map { "configuration file: \($0)" }
                 ?? "no configuration file (none given with -c; no .dockerlings.yml or .hadolint.yaml here, none in hadolint's user locations): the defaults", if: verbose)
        Self.log("failure threshold \(configuration.noFail ? "none (no-fail)" : configuration.failureThreshold.rawValue), "
                 + "\(configuration.ignored.count) code(s) ignored, \(configuration.overrides.count) severity override(s)", if: verbose)

        var inputs: [(name: String, bytes: [UInt8])] = []
        var unreadable = false
        for file in files {
            do {
                inputs.append((file, try InputFile.read(file)))
            } catch {
                FileHandle.standardError.write(Data("dockerlings: \(error)\n".utf8))
                unreadable = true
            }
        }

        if let context {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: context, isDirectory: &isDirectory), isDirectory.boolValue else {
                FileHandle.standardError.write(Data("dockerlings: --context \(context) is not a directory. Give the folder `docker build` would be run with (often `.`).\n".utf8))
                throw ExitCode(2)
            }
        }
        return Prepared(configuration: configuration, inputs: inputs, unreadable: unreadable, environment: env, startedAt: startedAt)
    }

    private func lint(_ prepared: Prepared) throws {
        let (configuration, inputs, env) = (prepared.configuration, prepared.inputs, prepared.environment)
        let verbose = configuration.verbose
        var shellcheckPath: String?
        switch configuration.shellcheck {
        case .never: shellcheckPath = nil
        case .auto: shellcheckPath = LintSession.findShellcheck()
        case .always:
            shellcheckPath = LintSession.findShellcheck()
            if shellcheckPath == nil {
                FileHandle.standardError.write(Data("dockerlings: --shellcheck always, but `shellcheck` is not on PATH. Install it (apt-get install shellcheck, brew install shellcheck) or use --shellcheck auto.\n".utf8))
                throw ExitCode(2)
            }
        }
        Self.log(shellcheckPath.map { "ShellCheck: \($0)" } ?? "ShellCheck: off", if: verbose)
        for input in inputs { Self.log("linting \(input.name) (\(input.bytes.count) bytes)", if: verbose) }
        // --diff prints no report, so ShellCheck has nothing to add to it.
        let session = LintSession(configuration: configuration, shellcheckPath: diff ? nil : shellcheckPath,
                                  readsBuildContext: true, contextDirectory: context,
                                  shellcheckCache: noCache ? nil : ShellCheckCache.standard(environment: env))
        let results: [LintResult]
        do {
            if fix || diff {
                // The fixer's last lint of each file is its report: no file is linted again.
                guard let left = try applyFixes(inputs, session: session) else { return }
                results = left
            } else {
                results = try session.run(inputs)
            }
        } catch let error as ShellCheckError {
            FileHandle.standardError.write(Data("dockerlings: \(error)\n".utf8))
            throw ExitCode(2)
        }
        for r in results { Self.log("\(r.file): \(r.findings.count) finding\(r.findings.count == 1 ? "" : "s")", if: verbose) }
        let outputFormat = configuration.format.flatMap(LintReportFormat.init(name:)) ?? .tty
        let color = outputFormat == .tty && !configuration.noColor && output == nil && isatty(STDOUT_FILENO) == 1
        let seconds = Date().timeIntervalSince(prepared.startedAt)
        let report = outputFormat.render(results, options: LintReportOptions(
            color: color, filePathInReport: configuration.filePathInReport, startedAt: prepared.startedAt, seconds: seconds))
        if let path = configuration.filePathInReport {
            Self.log(outputFormat.namesFilesAsAsked ? "the report names every file \(path)"
                     : "--file-path-in-report \(path) left out: the \(outputFormat.rawValue) report keeps the names given", if: verbose)
        }
        if let output {
            try Self.write(report, to: output)
            Self.log("\(outputFormat.rawValue) report written to \(output)", if: verbose)
        } else {
            // `--fix -` prints the fixed file on standard output; the report then goes to standard error.
            let reportTo = fix && !diff && files.contains("-") ? FileHandle.standardError : FileHandle.standardOutput
            reportTo.write(Data(report.utf8))
        }
        if prepared.unreadable { throw ExitCode(2) }
        let status = outputFormat.findingsFailTheRun ? session.exitStatus(results) : 0
        if status != 0 { throw ExitCode(status) }
    }

    /// `--output`: the report in a file, created or replaced in place (so /dev/stdout or a
    /// pipe works too); exit 2 with the reason when it cannot be written.
    static func write(_ report: String, to path: String) throws {
        guard !PlainFile.replace(path, Array(report.utf8)) else { return }
        FileHandle.standardError.write(Data("dockerlings: cannot write the report to \(path): \(String(cString: strerror(errno))). Give a file in a folder that exists and you may write to.\n".utf8))
        throw ExitCode(2)
    }

    /// Fills in the base images' platforms and the engine's own (the default target) from
    /// the local engine, one `docker image inspect` per distinct image, run together.
    static func askEngineForPlatforms(of inputs: [(name: String, bytes: [UInt8])], into configuration: inout LintConfiguration) async throws {
        let client = try DockerClient()
        let engine = try await client.engineInfo()
        let platform = ImagePlatform(os: engine.os, architecture: engine.architecture)
        configuration.defaultPlatform = platform
        let references = inputs.flatMap { BaseImages.references(in: $0.bytes, defaultPlatform: platform) }
        for (reference, details) in try await client.inspectLocalImages(references) where !details.architecture.isEmpty {
            configuration.basePlatforms[reference] = ImagePlatform(os: details.os, architecture: details.architecture, variant: details.variant)
        }
    }
}
