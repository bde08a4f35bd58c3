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
    /// Images this build made rather than found in the cache (classic builder: each step that
    /// ran commits one; BuildKit makes none), in build order, each built on the one before.
    /// The final image is the last when it was made here.
    public var createdImages: [String]
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
            if case .timedOut = error { await removeAfterInterruptedBuild(tag: request.tag, state: state, since: started) }
            if case .cancelled = error { await removeAfterInterruptedBuild(tag: request.tag, state: state, since: started) }
            throw error
        }
        let seconds = Date().timeIntervalSince(started)
        guard output.status == 0 else {
            // Ctrl-C at a terminal reaches the CLI too, which may exit before it is told to.
            if Task.isCancelled {
                await removeAfterInterruptedBuild(tag: request.tag, state: state, since: started)
                throw DockerError.cancelled(operation: "The build")
            }
            throw state.error(output: output.stderrText + "\n" + output.stdoutText, instructions: request.instructions)
        }
        guard let id = try? String(contentsOf: iidfile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !id.isEmpty else {
            throw DockerError.commandFailed(command: "docker build", status: 0, output: "the build wrote no image id")
        }
        return BuildResult(imageID: id, tag: request.tag, events: state.events, seconds: seconds,
                           createdImages: state.createdImages)
    }

    /// After a build was stopped: the CLI has exited; the engine may still be tearing down the
    /// step's container (the classic builder's "Running in <id>"). Remove it now rather than
    /// leave it for the engine to get to (`rm --force` returns once it is gone), and the tag.
    /// A step stopped before the CLI printed its container's id: the container is the one the
    /// engine made from that step's parent image since the build began; look for it briefly.
    func removeAfterInterruptedBuild(tag: String?, state: BuildState, since started: Date) async {
        // In a task of its own: in the cancelled one, every docker command would be interrupted at once.
        await Task { await removeLeftovers(tag: tag, state: state, since: started) }.value
    }

    private func removeLeftovers(tag: String?, state: BuildState, since started: Date) async {
        var containers = state.stepContainers
        if let parent = state.unannouncedStepParent {
            let deadline = Date().addingTimeInterval(3)
            repeat {
                let found = await containersMade(from: parent, since: started)
                if !found.isEmpty { containers += found; break }
                try? await Task.sleep(for: .milliseconds(200))
            } while Date() < deadline
        }
        if !containers.isEmpty {
            _ = try? await runner.run(arguments(["rm", "--force", "--volumes"] + containers), timeout: .seconds(60))
        }
        if let tag { _ = try? await runner.run(arguments(["image", "rm", "--force", tag]), timeout: .seconds(30)) }
    }

    /// Containers created from exactly this image id (not a name: a learner's `docker run
    /// busybox` is left alone) no earlier than a second before `since`.
    private func containersMade(from image: String, since: Date) async -> [String] {
        guard let output = try? await runner.run(arguments(["ps", "--all", "--no-trunc", "--filter", "ancestor=\(image)",
                                                           "--format", "{{.ID}}\t{{.Image}}\t{{.CreatedAt}}"]), timeout: .seconds(20)),
              output.status == 0 else { return [] }
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.dateFormat = "yyyy-MM-dd HH:mm:ss Z"
        return output.stdoutText.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 3, fields[1].replacingOccurrences(of: "sha256:", with: "").hasPrefix(image) else { return nil }
            // "2026-11-30 00:35:01 +0000 UTC": the zone's name is left out.
            let stamp = fields[2].split(separator: " ").prefix(3).joined(separator: " ")
            guard let created = parser.date(from: stamp), created >= since.addingTimeInterval(-1) else { return nil }
            return fields[0]
        }
    }
}

/// Shared between the output threads and the caller.
final class BuildState: @unchecked Sendable {
    private let lock = NSLock()
    private var parser = BuildOutputParser()
    private var all: [BuildEvent] = []

    private var containers: [String] = []
    /// The image the current step starts from (classic: the last "---> 3f2a…" line), and
    /// whether that step has begun without its container's id printed yet.
    private var parentImage: String?
    private var stepAwaitingContainer = false
    /// Whether the next "---> <id>" of the current step is an image this build commits: not
    /// after "Using cache", nor FROM's base (though ONBUILD triggers after it do commit).
    private var stepCommits = false
    private var created: [String] = []

    /// The classic builder's step containers seen so far ("---> Running in 3f2a…").
    var stepContainers: [String] { lock.withLock { containers } }

    /// The parent image of a step that began but whose container was not named yet.
    var unannouncedStepParent: String? { lock.withLock { stepAwaitingContainer ? parentImage : nil } }

    /// The classic builder's images made by steps that ran, in order.
    var createdImages: [String] { lock.withLock { created } }

    func feed(_ line: String) -> [BuildEvent] {
        lock.withLock {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("---> Running in ") {
                let id = trimmed.dropFirst("---> Running in ".count).prefix { $0.isHexDigit }
                if id.count >= 12 { containers.append(String(id)) }
                stepAwaitingContainer = false
            } else if trimmed.hasPrefix("---> "), case let id = trimmed.dropFirst(5), id.count >= 12, id.allSatisfy(\.isHexDigit) {
                parentImage = String(id)
                stepAwaitingContainer = false
                if stepCommits { created.append(String(id)) }
                stepCommits = true
            } else if trimmed == "---> Using cache" {
                stepCommits = false
            }
            let events = parser.feed(line)
            if let started = events.first(where: { $0.kind == .stepStarted }) {
                stepAwaitingContainer = true
                stepCommits = !(started.instruction ?? "").uppercased().hasPrefix("FROM ")
            }
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
            let lines = output.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map(String.init)
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
