import ArgumentParser
import DockerEngine
import DockerfileLint
import Foundation

struct Lint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check Dockerfiles for mistakes and bad practice (hadolint-compatible).",
        discussion: """
            Runs every hadolint rule (same DLxxxx codes), Docker's own build checks (by their \
            BuildKit names) and, when `shellcheck` is installed, ShellCheck on each RUN script \
            (SCxxxx codes, at the RUN's line as in hadolint, pointing at the words ShellCheck \
            means). ShellCheck's findings are kept in the cache folder \
            ($XDG_CACHE_HOME/dockerlings, else ~/.cache/dockerlings) by script, shell and \
            ShellCheck version, so a script seen before is not checked again; --no-cache \
            checks every script afresh.

            Settings come from -c FILE, else .dockerlings.yml or .hadolint.yaml in the current \
            directory (hadolint's keys: ignored, override, trustedRegistries, failure-threshold, \
            label-schema, strict-labels). Flags add to the file. In a Dockerfile, \
            `# hadolint ignore=DL3008` or `# dockerlings ignore=DL3008` silences the next line.

            Two BuildKit checks need more than the Dockerfile. CopyIgnoredFile reads the build \
            context's ignore file: `NAME.dockerignore` beside the Dockerfile, else \
            `.dockerignore` in the context, which is the Dockerfile's directory unless you give \
            --context (standard input has none). InvalidBaseImagePlatform needs each base \
            image's platform: with --base-images local the local engine is asked \
            (`docker image inspect`); images it does not have are not judged.

            --fix applies the rewrites marked safe (adding --no-install-recommends, \
            --no-cache-dir, apt lists cleanup, ADD → COPY for local files, exec form and \
            ENV/LABEL key=value where they mean the same) and keeps every other byte; --fix --unsafe adds those that may \
            change behaviour; --diff shows them as a unified diff and writes nothing (exit 1 \
            when there is something to fix). After --fix the report shows what is left.

            Exit status: 0 no finding at or above the failure threshold, 1 some finding is, \
            2 bad usage or an unreadable file.

            Examples:
              dockerlings lint Dockerfile
              dockerlings lint --format json Dockerfile api/Dockerfile
              cat Dockerfile | dockerlings lint -
              dockerlings lint --ignore DL3008 --failure-threshold warning Dockerfile
              dockerlings lint --fix Dockerfile
              dockerlings lint --fix --unsafe --diff Dockerfile
              dockerlings lint --context . --base-images local docker/app.Dockerfile
              dockerlings explain DL3008
            """
    )

    @Argument(help: "Dockerfiles to lint ('-' reads standard input).")
    var files: [String] = []

    @Option(name: [.customShort("f"), .customLong("format")], help: "Output: tty, json, sarif, checkstyle, codeclimate, github.")
    var format: String?

    @Option(name: [.customShort("c"), .customLong("config")], help: "Configuration file (YAML, hadolint's keys).")
    var config: String?

    @Option(name: .customLong("ignore"), help: "Never report this code (repeatable).")
    var ignore: [String] = []

    @Option(name: .customLong("error"), help: "Report this code as an error (repeatable).")
    var error: [String] = []
    @Option(name: .customLong("warning"), help: "Report this code as a warning (repeatable).")
    var warning: [String] = []
    @Option(name: .customLong("info"), help: "Report this code as info (repeatable).")
    var info: [String] = []
    @Option(name: .customLong("style"), help: "Report this code as style (repeatable).")
    var style: [String] = []

    @Option(name: .customLong("trusted-registry"), help: "A trusted registry for DL3026 (repeatable; `*.corp`, `gcr.io`).")
    var trustedRegistry: [String] = []

    @Option(name: .customLong("require-label"), help: "A required label as name:type (repeatable; types text url semver hash rfc3339 spdx email).")
    var requireLabel: [String] = []

    @Flag(name: .customLong("strict-labels"), help: "Only labels in the schema are allowed (DL3050).")
    var strictLabels = false

    @Option(name: [.customShort("t"), .customLong("failure-threshold")], help: "Exit 1 at or above: error, warning, info, style, ignore, none.")
    var failureThreshold: String?

    @Flag(name: .customLong("no-fail"), help: "Always exit 0 when the files could be read.")
    var noFail = false

    @Flag(name: .customLong("disable-ignore-pragma"), help: "Ignore `# hadolint ignore=` and `# dockerlings ignore=` comments.")
    var disableIgnorePragma = false

    @Option(name: .customLong("shellcheck"), help: "Run ShellCheck on RUN scripts: auto (when installed), always, never.")
    var shellcheck: String?

    @Flag(name: .customLong("no-cache"), help: "Run ShellCheck on every script, not reusing findings kept in $XDG_CACHE_HOME/dockerlings (~/.cache/dockerlings).")
    var noCache = false

    @Option(name: .customLong("enable"), help: "Turn on opt-in rules: a family (`course`) or a code (repeatable).")
    var enable: [String] = []

    @Flag(name: .customLong("no-color"), help: "No colours.")
    var noColor = false

    @Option(name: .customLong("context"), help: ArgumentHelp("The build context directory, whose .dockerignore CopyIgnoredFile reads (default: each Dockerfile's own directory).", valueName: "dir"))
    var context: String?

    @Option(name: .customLong("base-images"), help: ArgumentHelp("Where base-image platforms come from, for InvalidBaseImagePlatform: none (the default), or local (ask the local Docker engine).", valueName: "source"))
    var baseImages: String?

    @Flag(name: .customLong("fix"), help: "Apply the safe fixes to the files, then report what is left.")
    var fix = false

    @Flag(name: .customLong("unsafe"), help: "With --fix or --diff: also apply fixes that may change behaviour.")
    var unsafe = false

    @Flag(name: .customLong("diff"), help: "Print the fixes as a unified diff instead of writing them.")
    var diff = false

    func validate() throws {
        if unsafe && !(fix || diff) { throw ValidationError("--unsafe goes with --fix or --diff.") }
        if files.isEmpty { throw ValidationError("Name at least one Dockerfile, or '-' to read standard input.") }
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

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        var configuration: LintConfiguration
        do {
            if let config {
                configuration = try ConfigurationLoader.load(path: config)
            } else if let found = ConfigurationLoader.discover(directory: FileManager.default.currentDirectoryPath, environment: env) {
                configuration = try ConfigurationLoader.load(path: found)
            } else {
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
        configuration = try configuration.applying(flags)

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
        if baseImages == "local" {
            do {
                try await Self.askEngineForPlatforms(of: inputs, into: &configuration)
            } catch {
                FileHandle.standardError.write(Data("dockerlings: --base-images local: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }

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
        let outputFormat = configuration.format.flatMap(LintReportFormat.init(name:)) ?? .tty
        let color = outputFormat == .tty && !configuration.noColor && isatty(STDOUT_FILENO) == 1
        // `--fix -` prints the fixed file on standard output; the report then goes to standard error.
        let reportTo = fix && !diff && files.contains("-") ? FileHandle.standardError : FileHandle.standardOutput
        reportTo.write(Data(outputFormat.render(results, color: color).utf8))
        if unreadable { throw ExitCode(2) }
        let status = session.exitStatus(results)
        if status != 0 { throw ExitCode(status) }
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
