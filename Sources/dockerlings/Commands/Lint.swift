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
            (SCxxxx codes). Each finding's line and column point at the words it means, in \
            every format; hadolint gives the first line of the instruction instead, so in a \
            RUN continued over lines the two can differ. ShellCheck's findings are kept in the cache folder \
            ($XDG_CACHE_HOME/dockerlings, else ~/.cache/dockerlings) by script, shell and \
            ShellCheck version, so a script seen before is not checked again; --no-cache \
            checks every script afresh.

            Settings come from -c FILE, else .dockerlings.yml or .hadolint.yaml in the current \
            directory (hadolint's keys: ignored, override, trustedRegistries, failure-threshold, \
            label-schema, strict-labels, disable-ignore-pragma, format, no-fail, no-color, \
            verbose; and file-path-in-report). Flags add to the file. -V shows which file was \
            used. In a Dockerfile, \
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

            In a CI, -f picks the report: tty (the default), json, sarif, checkstyle, \
            codeclimate, gitlab_codeclimate, gnu, codacy, sonarqube, junit (hadolint's, in \
            hadolint's shapes) or github (workflow annotations). -o FILE writes it to a file. \
            --file-path-in-report names the file as the CI knows it, in checkstyle, \
            codeclimate, gitlab_codeclimate, sonarqube and junit reports (as hadolint does; \
            the others keep the names given).

            Exit status: 0 no finding at or above the failure threshold, 1 some finding is, \
            2 bad usage or an unreadable file. With -f codeclimate or codacy findings never \
            make it 1 (as with hadolint: their runners take any other status for a crash).

            Examples:
              dockerlings lint Dockerfile
              dockerlings lint --format json Dockerfile api/Dockerfile
              dockerlings lint -f junit -o lint-report.xml Dockerfile
              dockerlings lint -f gitlab_codeclimate -o cq.json \\
                --file-path-in-report docker/Dockerfile build/Dockerfile
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

    @Option(name: [.customShort("f"), .customLong("format")], help: "The report: tty, json, sarif, checkstyle, codeclimate, gitlab_codeclimate, gnu, codacy, sonarqube, junit, github.")
    var format: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the report to this file (created or replaced; never coloured) instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("file-path-in-report"), help: ArgumentHelp("The file name every finding gets in checkstyle, codeclimate, gitlab_codeclimate, sonarqube and junit reports: the path your CI knows, when lint read a copy or standard input.", valueName: "path"))
    var filePathInReport: String?

    @Flag(name: [.customShort("V"), .customLong("verbose")], help: "Say on standard error which configuration file is used, each file linted and where the report goes.")
    var verbose = false

    @Flag(name: .customShort("v"), help: "Print the version and exit (hadolint's short form of --version).")
    var version = false

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

    /// The command's values as the plain request the quick start (LintQuickStart) also makes.
    var request: LintRequest {
        LintRequest(files: files, format: format, output: output, filePathInReport: filePathInReport, verbose: verbose,
                    config: config, ignore: ignore,
                    error: error, warning: warning, info: info, style: style,
                    trustedRegistry: trustedRegistry, requireLabel: requireLabel, strictLabels: strictLabels,
                    failureThreshold: failureThreshold, noFail: noFail, disableIgnorePragma: disableIgnorePragma,
                    shellcheck: shellcheck, noCache: noCache, enable: enable, noColor: noColor,
                    context: context, baseImages: baseImages, fix: fix, unsafe: unsafe, diff: diff)
    }

    func validate() throws {
        if version { return }
        try request.validate()
    }

    func run() async throws {
        if version {
            print(DockerlingsVersion.current)
            return
        }
        try await request.run()
    }
}
