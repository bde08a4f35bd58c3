import Foundation
import ImageAnalysis

/// The one way dockerlings talks to Docker: the docker CLI the learner already has, run
/// with argument arrays. It honours DOCKER_HOST, DOCKER_CONTEXT and `--context`, so a build
/// can run on a remote engine, and labels everything it creates so `cleanUp()` can find it.
public struct DockerClient: Sendable {
    /// Which builder `build` asks for.
    public enum Builder: String, Sendable {
        /// Whatever the CLI does by default (DOCKER_BUILDKIT as the caller set it).
        case automatic
        /// The classic builder (DOCKER_BUILDKIT=0).
        case classic
        /// BuildKit with plain progress (DOCKER_BUILDKIT=1 --progress=plain).
        case buildKit
    }

    /// The label put on every image and container this client makes: `dockerlings.managed=<session>`.
    public static let labelKey = "dockerlings.managed"

    public let executable: URL
    public let context: String?
    public let builder: Builder
    public let session: String
    /// How image archives are read (default: the Engine API socket when the CLI would use it).
    public var archiveTransport: ArchiveTransport = .automatic
    /// Where `analyze` reads images from (default: the layer store when it can, else the archive).
    public var analysisSource: AnalysisSource = .automatic
    /// The engine's data directory as seen from here, instead of the DockerRootDir it reports
    /// (for a daemon whose data is mounted at another path).
    public var layerStoreRoot: String?
    /// Told the arguments of every docker command this client runs, before it runs (so a
    /// grader can show the commands a learner could type).
    public var commandObserver: (@Sendable ([String]) -> Void)?
    let environment: [String: String]

    /// - Parameters:
    ///   - executable: path or name of the docker CLI; default DOCKERLINGS_DOCKER, else `docker` on PATH.
    ///   - context: a docker context name (`docker --context NAME`); DOCKER_CONTEXT also works.
    ///   - host: an engine address to use instead of the environment's DOCKER_HOST.
    ///   - session: the label value for what this client creates (default "true").
    public init(executable: String? = nil, context: String? = nil, host: String? = nil, builder: Builder = .automatic,
                session: String = "true", environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        var env = environment
        if let host { env["DOCKER_HOST"] = host }
        // The CLI must not stop to ask questions or colour its output.
        env["DOCKER_CLI_HINTS"] = "false"
        env["NO_COLOR"] = "1"
        switch builder {
        case .automatic: break
        case .classic: env["DOCKER_BUILDKIT"] = "0"
        case .buildKit: env["DOCKER_BUILDKIT"] = "1"
        }
        let name = executable ?? environment["DOCKERLINGS_DOCKER"] ?? "docker"
        guard let found = Self.locate(name, path: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin") else {
            throw DockerError.cliNotFound(searched: name.contains("/") ? name : "\(name) on PATH")
        }
        self.executable = found
        self.context = context
        self.builder = builder
        self.session = session
        self.environment = env
    }

    /// Where the engine is, in words for messages.
    public var hostDescription: String {
        if let context { return "context \(context)" }
        if let host = environment["DOCKER_HOST"], !host.isEmpty { return host }
        if let ctx = environment["DOCKER_CONTEXT"], !ctx.isEmpty { return "context \(ctx)" }
        return "unix:///var/run/docker.sock"
    }

    /// The unix socket `analyze` and `save` read archives from, or nil when they go through
    /// `docker save` (a remote DOCKER_HOST, a named context, or `archiveTransport = .cli`).
    public var archiveSocket: String? {
        archiveTransport == .automatic ? EngineSocket.path(context: context, environment: environment) : nil
    }

    var label: String { "\(Self.labelKey)=\(session)" }

    static func locate(_ name: String, path: String) -> URL? {
        let fm = FileManager.default
        if name.contains("/") { return fm.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil }
        for dir in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if fm.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    var runner: CommandRunner { CommandRunner(executable: executable, environment: environment, observer: commandObserver) }

    /// Global flags, then the subcommand.
    func arguments(_ rest: [String]) -> [String] {
        (context.map { ["--context", $0] } ?? []) + rest
    }

    /// Runs a docker subcommand and turns engine-level failures into typed errors.
    func execute(_ rest: [String], timeout: Duration? = nil, operation: String? = nil,
                 onLine: (@Sendable (OutputStream, String) -> Void)? = nil,
                 consumeStdout: (@Sendable (ByteSource) throws -> Void)? = nil) async throws -> CommandOutput {
        let output = try await runner.run(arguments(rest), timeout: timeout, onLine: onLine, consumeStdout: consumeStdout)
        let what = operation ?? "docker " + (rest.first ?? "")
        if output.timedOut { throw DockerError.timedOut(operation: what, seconds: timeout.map(Self.seconds) ?? 0) }
        if output.cancelled { throw DockerError.cancelled(operation: what) }
        if output.status != 0 {
            if let known = DockerError.classify(output.stderrText + "\n" + output.stdoutText, host: hostDescription) { throw known }
        }
        return output
    }

    func checked(_ rest: [String], timeout: Duration? = nil) async throws -> CommandOutput {
        let output = try await execute(rest, timeout: timeout)
        guard output.status == 0 else {
            let text = output.stderrText
            if text.contains("No such image") || text.contains("No such object") || text.contains("No such container") {
                throw DockerError.notFound(what: rest.last ?? "")
            }
            throw DockerError.commandFailed(command: "docker " + rest.joined(separator: " "), status: output.status, output: text)
        }
        return output
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

extension DockerClient {
    /// The docker daemon program, when installed here (for tests and `make engine`).
    public static func locateDaemon(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        locate("dockerd", path: (environment["PATH"] ?? "") + ":/usr/sbin:/usr/bin:/usr/local/bin")
    }
}
