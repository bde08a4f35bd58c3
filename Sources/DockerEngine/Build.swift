import Foundation
import ImageAnalysis

/// What to build.
public struct BuildRequest: Sendable {
    /// The build context directory.
    public var contextDirectory: URL
    /// The Dockerfile (default: `Dockerfile` in the context).
    public var dockerfile: URL?
    public var tag: String?
    public var target: String?
    public var buildArgs: [String: String]
    /// `--network none` (tests and graders that must not reach out).
    public var networkNone: Bool
    /// `--network NAME` for RUN steps (`host` where the engine's bridge cannot reach a
    /// package index); ignored when `networkNone` is set.
    public var network: String? = nil
    public var noCache: Bool
    public var timeout: Duration?
    /// The Dockerfile's instructions, so a failing step can be traced to its line.
    public var instructions: [SourceInstruction]

    public init(contextDirectory: URL, dockerfile: URL? = nil, tag: String? = nil, target: String? = nil,
                buildArgs: [String: String] = [:], networkNone: Bool = false, noCache: Bool = false,
                timeout: Duration? = nil, instructions: [SourceInstruction] = []) {
        self.contextDirectory = contextDirectory; self.dockerfile = dockerfile; self.tag = tag; self.target = target
        self.buildArgs = buildArgs; self.networkNone = networkNone; self.noCache = noCache
        self.timeout = timeout; self.instructions = instructions
    }
}

public struct BuildResult: Sendable {
    /// The image id (`sha256:...`), from `--iidfile`, whichever builder ran.
    public var imageID: String
    public var tag: String?
    public var events: [BuildEvent]
    public var seconds: Double
    public var cacheHits: Int { events.filter { $0.kind == .cacheHit }.count }
}

extension DockerClient {
    /// Builds an image, reporting progress as it goes. Every image it makes carries this
    /// client's label. A timeout or cancelling the task stops the build (SIGINT to the CLI,
    /// as Ctrl-C would) and removes what the build left: its containers and the tag.
    public func build(_ request: BuildRequest, onEvent: (@Sendable (BuildEvent) -> Void)? = nil) async throws -> BuildResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dockerlings-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let iidfile = scratch.appendingPathComponent("iid")

        var args = ["build", "--iidfile", iidfile.path, "--label", label, "--force-rm"]
        if builder == .buildKit { args += ["--progress", "plain"] }
        if let dockerfile = request.dockerfile { args += ["--file", dockerfile.path] }
        if let tag = request.tag { args += ["--tag", tag] }
        if let target = request.target { args += ["--target", target] }
        for (key, value) in request.buildArgs.sorted(by: { $0.key < $1.key }) { args += ["--build-arg", "\(key)=\(value)"] }
        if request.networkNone { args += ["--network", "none"] } else if let network = request.network { args += ["--network", network] }
        if request.noCache { args.append("--no-cache") }
        args.append(request.contextDirectory.path)

        let state = BuildState()
        let started = Date()
        let output: CommandOutput
        do {
            output = try await execute(args, timeout: request.timeout, operation: "The build", onLine: { _, line in
                let events = state.feed(line)
                for e in events { onEvent?(e) }
            })
        } catch let error as DockerError {
            if case .timedOut = error { await removeAfterInterruptedBuild(tag: request.tag) }
            if case .cancelled = error { await removeAfterInterruptedBuild(tag: request.tag) }
            throw error
        }
        let seconds = Date().timeIntervalSince(started)
        guard output.status == 0 else {
            throw state.error(output: output.stderrText + "\n" + output.stdoutText, instructions: request.instructions)
        }
        guard let id = try? String(contentsOf: iidfile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !id.isEmpty else {
            throw DockerError.commandFailed(command: "docker build", status: 0, output: "the build wrote no image id")
        }
        return BuildResult(imageID: id, tag: request.tag, events: state.events, seconds: seconds)
    }

    /// After a build was stopped: the CLI has exited; the engine may still be tearing down the
    /// step's container. Remove the tag if it was made, and wait for the build's containers to go.
    func removeAfterInterruptedBuild(tag: String?) async {
        if let tag { _ = try? await runner.run(arguments(["image", "rm", "--force", tag]), timeout: .seconds(30)) }
    }
}

/// Shared between the output threads and the caller.
final class BuildState: @unchecked Sendable {
    private let lock = NSLock()
    private var parser = BuildOutputParser()
    private var all: [BuildEvent] = []

    func feed(_ line: String) -> [BuildEvent] {
        lock.withLock {
            let events = parser.feed(line)
            all.append(contentsOf: events)
            return events
        }
    }

    var events: [BuildEvent] { lock.withLock { all } }

    /// The typed error for a failed build, from what the builder printed.
    func error(output: String, instructions: [SourceInstruction]) -> DockerError {
        lock.withLock {
            if let known = DockerError.classify(output, host: "") { return known }
            if let pull = Self.pullFailure(output) { return pull }
            if let failure = parser.failure(instructions: instructions) { return .buildStepFailed(step: failure) }
            let lines = output.split(separator: "\n").map(String.init)
                .filter { !$0.hasPrefix("DEPRECATED") && !$0.hasPrefix("            ") && !$0.isEmpty }
            return .commandFailed(command: "docker build", status: 1, output: lines.suffix(10).joined(separator: "\n"))
        }
    }

    /// `FROM x` that could not be fetched, in the words of either builder.
    static func pullFailure(_ output: String) -> DockerError? {
        let lower = output.lowercased()
        let pulling = lower.contains("pull access denied") || lower.contains("manifest unknown") || lower.contains("not found: manifest")
            || (lower.contains("manifest for") && lower.contains("not found")) || lower.contains("failed to resolve source metadata")
            || lower.contains("failed to create llb definition")
            || ((lower.contains("registry-1.docker.io") || lower.contains("/v2/")) && (lower.contains("dial tcp") || lower.contains("no such host")))
        guard pulling else { return nil }
        let offline = lower.contains("no such host") || lower.contains("dial tcp") || lower.contains("i/o timeout")
            || lower.contains("network is unreachable") || lower.contains("connection refused") || lower.contains("tls handshake timeout")
        var image = "the base image"
        if let m = output.firstMatch(of: /\[internal\] load metadata for ([^\s:]+(?::[^\s:]+)?)/) { image = String(m.1) }
        else if let m = output.firstMatch(of: /pull access denied for ([^\s,]+)/) { image = String(m.1) }
        else if let m = output.firstMatch(of: /manifest for ([^\s]+) not found/) { image = String(m.1) }
        else if let m = output.firstMatch(of: /library\/([^\/\s]+)\/manifests\/([^\s":]+)/) { image = "\(m.1):\(m.2)" }
        else if let m = output.firstMatch(of: /Step \d+\/\d+ : FROM ([^\s]+)/) { image = String(m.1) }
        let detail = output.split(separator: "\n").last { let l = $0.lowercased(); return l.contains("pull") || l.contains("manifest") || l.contains("dial") || l.contains("no such host") }
        return .baseImageUnavailable(image: image, offline: offline, detail: detail.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "")
    }
}
