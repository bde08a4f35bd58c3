import Foundation

/// A container to start in the background for the grader's engine checks (an app that
/// answers HTTP, a HEALTHCHECK, how PID 1 takes SIGTERM), with limits.
public struct ContainerRequest: Sendable {
    public var image: String
    /// Appended after the image (replaces its CMD).
    public var command: [String]
    /// Container ports to publish, each as `127.0.0.1::PORT`: the engine picks a free host port,
    /// so a port already taken on this machine never collides. `RunningContainer.ports` has them.
    public var publish: [Int]
    /// `--health-interval`: overrides the image's HEALTHCHECK interval so grading need not wait
    /// the 30 s default for the first probe. The image's start period, timeout and retries stay
    /// as the learner wrote them (a start period only delays "unhealthy", never "healthy").
    public var healthInterval: Duration?
    /// `--memory` (and the same `--memory-swap`), e.g. "512m".
    public var memory: String?
    /// `--cpus`.
    public var cpus: Double?
    /// `--pids-limit`.
    public var pidsLimit: Int?
    /// `--network none` (no published ports then).
    public var networkNone: Bool
    /// `--init`: Docker's tiny init as PID 1, which forwards signals and reaps zombies.
    public var useInit: Bool
    public var environment: [String: String]

    public init(image: String, command: [String] = [], publish: [Int] = [], healthInterval: Duration? = nil,
                memory: String? = "512m", cpus: Double? = 1, pidsLimit: Int? = 256, networkNone: Bool = false,
                useInit: Bool = false, environment: [String: String] = [:]) {
        self.image = image; self.command = command; self.publish = publish; self.healthInterval = healthInterval
        self.memory = memory; self.cpus = cpus; self.pidsLimit = pidsLimit; self.networkNone = networkNone
        self.useInit = useInit; self.environment = environment
    }
}

/// A container `start` left running. Hand it back to `remove` when done.
public struct RunningContainer: Sendable, Equatable {
    public let name: String
    public let id: String
    /// Container port -> host port on 127.0.0.1.
    public let ports: [Int: Int]
}

/// What one `docker inspect` says about a container's state.
public struct ContainerState: Sendable, Equatable {
    public enum Health: String, Sendable { case starting, healthy, unhealthy }
    /// "created", "running", "exited", "restarting", ...
    public var status: String
    public var running: Bool
    public var exitCode: Int32
    /// nil when the container has no HEALTHCHECK.
    public var health: Health?
    /// The output of the last health probe, nil before the first one.
    public var lastProbeOutput: String?
    /// The kernel killed it for using more memory than allowed.
    public var oomKilled: Bool
}

/// Why a container check could not go on, and what to do about it.
public enum ContainerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The container stopped (right after starting, or while it was being checked).
    case exited(exitCode: Int32, outOfMemory: Bool, logs: String)
    /// The request cannot work as asked (a programming error in the caller).
    case invalidRequest(reason: String)

    public var description: String {
        switch self {
        case .exited(let code, let oom, let logs):
            var text = oom
                ? "The container was killed for using more memory than allowed (exit code \(code)). Make the app use less memory."
                : "The container stopped with exit code \(code) while it should have kept running."
            let tail = logs.trimmingCharacters(in: .whitespacesAndNewlines)
            if tail.isEmpty {
                text += " It printed nothing."
            } else {
                text += " Its last output:\n" + tail.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            }
            text += "\nRun the image yourself (`docker run --rm IMAGE`) to see why its main process ends: CMD must start a program that stays in the foreground."
            return text
        case .invalidRequest(let reason):
            return "Invalid container request: \(reason)."
        }
    }
}

extension DockerClient {
    /// Starts a container in the background: `docker run --detach`, labelled with this client's
    /// label under a fresh `dockerlings-` name, then reads the host ports it got. If anything
    /// fails, times out or the task is cancelled, the container is removed before this throws.
    /// A container that stops before its ports could be read throws `ContainerError.exited`.
    public func start(_ request: ContainerRequest, timeout: Duration = .seconds(60)) async throws -> RunningContainer {
        if request.networkNone && !request.publish.isEmpty {
            throw ContainerError.invalidRequest(reason: "ports \(request.publish) cannot be published with networkNone (the container has no network)")
        }
        if let port = request.publish.first(where: { !(1...65535).contains($0) }) {
            throw ContainerError.invalidRequest(reason: "\(port) is not a port number (1-65535)")
        }
        if let interval = request.healthInterval, interval < .milliseconds(1) {
            throw ContainerError.invalidRequest(reason: "the health interval must be at least 1 ms")
        }
        let operation = "Starting a container from \(request.image)"
        if Task.isCancelled { throw DockerError.cancelled(operation: operation) }

        let name = "dockerlings-\(UUID().uuidString.prefix(12).lowercased())"
        var args = ["run", "--detach", "--name", name, "--label", label]
        if let memory = request.memory { args += ["--memory", memory, "--memory-swap", memory] }
        if let cpus = request.cpus { args += ["--cpus", String(cpus)] }
        if let pids = request.pidsLimit { args += ["--pids-limit", String(pids)] }
        if request.networkNone { args += ["--network", "none"] }
        if request.useInit { args.append("--init") }
        if let interval = request.healthInterval {
            let ms = max(1, Int((Self.seconds(interval) * 1000).rounded()))
            args += ["--health-interval", "\(ms)ms"]
        }
        for port in request.publish { args += ["--publish", "127.0.0.1::\(port)"] }
        for (key, value) in request.environment.sorted(by: { $0.key < $1.key }) { args += ["--env", "\(key)=\(value)"] }
        args.append(request.image)
        args += request.command

        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        do {
            let output = try await execute(args, timeout: timeout, operation: operation)
            guard output.status == 0 else { throw Self.runFailure(output, request: request) }
            let id = output.stdoutText.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? name
            var ports: [Int: Int] = [:]
            if !request.publish.isEmpty {
                let listed = try await execute(["port", name], timeout: max(deadline - clock.now, .seconds(1)), operation: operation)
                ports = Self.parsePorts(listed.stdoutText)
                let missing = request.publish.filter { ports[$0] == nil }
                if !missing.isEmpty {
                    // `docker port` lists nothing for a container that already stopped.
                    let state = try await readState(name)
                    if !state.running { throw await exitedError(name, state: state) }
                    throw DockerError.commandFailed(command: "docker port \(name)", status: listed.status,
                                                    output: "no host port for \(missing): \(listed.stdoutText)\(listed.stderrText)")
                }
            }
            if Task.isCancelled { throw DockerError.cancelled(operation: operation) }
            return RunningContainer(name: name, id: id, ports: ports)
        } catch {
            // An interrupted CLI may leave the daemon still creating the container: look again.
            let interrupted = Task.isCancelled || Self.isInterruption(error)
            await discard(name, interrupted: interrupted)
            if Task.isCancelled { throw DockerError.cancelled(operation: operation) }
            throw error
        }
    }

    /// The container's state, from one `docker inspect`.
    public func state(of container: RunningContainer) async throws -> ContainerState {
        try await guarded(container, "Reading the container's state") { try await readState(container.name) }
    }

    /// Polls the state about every 250 ms until the health check says healthy or unhealthy,
    /// the container stops, or `timeout` passes, and returns the last state: the caller judges.
    /// A container without a HEALTHCHECK returns at once (`health == nil`).
    public func waitForHealth(of container: RunningContainer, timeout: Duration) async throws -> ContainerState {
        try await guarded(container, "Waiting for the container's health check") {
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while true {
                let state = try await readState(container.name)
                if state.health != .starting || !state.running { return state }
                let left = deadline - clock.now
                if left <= .zero { return state }
                try await Task.sleep(for: min(.milliseconds(250), left))
            }
        }
    }

    /// Runs a command in the running container (`docker exec`, as the image's user) and returns
    /// its exit status and output. A command that is not in the image gives status 126 or 127.
    /// A stopped container throws `ContainerError.exited`; a timeout `DockerError.timedOut` (the
    /// command itself may keep running inside until the container is removed).
    public func exec(_ container: RunningContainer, _ command: [String], timeout: Duration = .seconds(20)) async throws
        -> (status: Int32, stdout: String, stderr: String) {
        guard !command.isEmpty else { throw ContainerError.invalidRequest(reason: "exec needs a command") }
        let operation = "`\(command.joined(separator: " "))` in the container"
        let output = try await guarded(container, operation) {
            let output = try await execute(["exec", container.name] + command, timeout: timeout, operation: operation)
            if output.status != 0 {
                let text = output.stderrText
                if text.hasPrefix("Error response from daemon:") || text.hasPrefix("Error: No such container") {
                    if text.contains("is not running") { throw await exitedError(container.name, state: nil) }
                    if text.contains("No such container") { throw DockerError.notFound(what: "The container \(container.name)") }
                }
            }
            return output
        }
        return (output.status, output.stdoutText, output.stderrText)
    }

    /// The last `tail` lines the container printed, stdout and stderr interleaved as they came.
    public func logs(of container: RunningContainer, tail: Int = 20) async throws -> String {
        try await guarded(container, "Reading the container's logs") { try await readLogs(container.name, tail: tail) }
    }

    /// `docker stop -t grace`: SIGTERM (or the image's STOPSIGNAL), then SIGKILL after `grace`
    /// seconds. Returns how many seconds the container took to end after the signal, as the
    /// engine saw it: about `grace` means PID 1 ignored the signal.
    public func stop(_ container: RunningContainer, grace: Int = 10) async throws -> Double {
        try await guarded(container, "Stopping the container") {
            let clock = ContinuousClock()
            let since = Date().timeIntervalSince1970 - 1
            let started = clock.now
            _ = try await checked(["stop", "-t", String(max(0, grace)), container.name], timeout: .seconds(max(0, grace) + 30))
            let wall = Self.seconds(clock.now - started)
            // The engine's figure can only be shorter: it leaves out the CLI and the daemon's queue.
            return min(await engineStopSeconds(container.name, since: since) ?? wall, wall)
        }
    }

    /// The seconds from the engine's first stop signal to the container's end, read from the
    /// engine's own events: `docker stop`'s wall time also counts the CLI and a loaded
    /// daemon, which made a prompt app look slow on a busy machine. Nil when the events
    /// cannot be read (an engine whose clock differs from ours, say): the caller's wall time stands.
    func engineStopSeconds(_ name: String, since: Double) async -> Double? {
        let window = ["--since", String(format: "%.3f", since), "--until", String(format: "%.3f", Date().timeIntervalSince1970)]
        let format = "{{.Action}} {{.TimeNano}} {{index .Actor.Attributes \"signal\"}}"
        guard let output = try? await execute(["events"] + window + ["--filter", "container=\(name)", "--filter", "event=kill",
                                                                     "--filter", "event=die", "--format", format],
                                              timeout: .seconds(30)),
              output.status == 0 else { return nil }
        return Self.stopSeconds(events: output.stdoutText)
    }

    /// From `Action TimeNano [signal]` lines: the first `kill` (the stop signal) to the `die`.
    /// Nil when the first kill seen is SIGKILL: the stop signal's event is missing (seen once
    /// on a loaded engine), and the wall time is the honest figure.
    static func stopSeconds(events: String) -> Double? {
        var signalled: Int64?, died: Int64?
        for line in events.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let nanoseconds = Int64(fields[1]) else { continue }
            if fields[0] == "kill", signalled == nil {
                if fields.count > 2, fields[2] == "9" { return nil }
                signalled = nanoseconds
            }
            if fields[0] == "die" { died = nanoseconds }
        }
        guard let signalled, let died, died >= signalled else { return nil }
        return Double(died - signalled) / 1_000_000_000
    }

    /// Removes the container and its anonymous volumes (`docker rm --force --volumes`). Never
    /// throws, and runs to the end even when the calling task is cancelled.
    public func remove(_ container: RunningContainer) async {
        await discard(container.name, interrupted: false)
    }

    // MARK: - Inside

    /// Runs an operation on a container. When the task is cancelled (Ctrl-C) before, during or
    /// after it, the container is removed and `DockerError.cancelled` thrown.
    func guarded<T>(_ container: RunningContainer, _ operation: String, _ body: () async throws -> T) async throws -> T {
        if Task.isCancelled {
            await discard(container.name, interrupted: false)
            throw DockerError.cancelled(operation: operation)
        }
        let value: T
        do { value = try await body() } catch {
            if Task.isCancelled || error is CancellationError || Self.isCancellation(error) {
                await discard(container.name, interrupted: false)
                throw DockerError.cancelled(operation: operation)
            }
            throw error
        }
        if Task.isCancelled {
            await discard(container.name, interrupted: false)
            throw DockerError.cancelled(operation: operation)
        }
        return value
    }

    /// `docker rm --force --volumes`, in a task of its own so that a cancelled caller does not
    /// interrupt it. After an interrupted `docker run` the daemon may still be creating the
    /// container when rm looks: if rm found nothing, look twice more.
    func discard(_ name: String, interrupted: Bool) async {
        let runner = self.runner
        let args = arguments(["rm", "--force", "--volumes", name])
        await Task.detached {
            let removed = (try? await runner.run(args, timeout: .seconds(60)))
                .map { $0.status == 0 && !$0.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } ?? false
            guard interrupted, !removed else { return }
            for _ in 0..<2 {
                try? await Task.sleep(for: .milliseconds(300))
                _ = try? await runner.run(args, timeout: .seconds(60))
            }
        }.value
    }

    func readState(_ name: String) async throws -> ContainerState {
        let output = try await checked(["inspect", "--type", "container", "--format", "{{json .State}}", name], timeout: .seconds(20))
        struct State: Decodable {
            struct Health: Decodable { var Status: String?; var Log: [Probe]? }
            struct Probe: Decodable { var Output: String? }
            var Status: String?; var Running: Bool?; var ExitCode: Int32?; var OOMKilled: Bool?; var Health: Health?
        }
        let line = output.stdoutText.split(separator: "\n").first.map(String.init) ?? ""
        let value: State
        do { value = try JSONDecoder().decode(State.self, from: Data(line.utf8)) } catch {
            throw DockerError.commandFailed(command: "docker inspect \(name)", status: 0, output: "unreadable answer: \(error)")
        }
        // Docker 20.10 reports "none" for a health check disabled with --no-healthcheck.
        let health = value.Health?.Status.flatMap(ContainerState.Health.init(rawValue:))
        return ContainerState(status: value.Status ?? "", running: value.Running ?? false, exitCode: value.ExitCode ?? 0,
                              health: health, lastProbeOutput: value.Health?.Log?.last?.Output,
                              oomKilled: value.OOMKilled ?? false)
    }

    func readLogs(_ name: String, tail: Int) async throws -> String {
        let output = try await checked(["logs", "--timestamps", "--tail", String(max(0, tail)), name], timeout: .seconds(20))
        return Self.interleave(output.stdoutText, output.stderrText)
    }

    /// The error for a container found stopped: its exit code and last output.
    func exitedError(_ name: String, state: ContainerState?) async -> Error {
        var known = state
        if known == nil { known = try? await readState(name) }
        guard let known else { return DockerError.notFound(what: "The container \(name)") }
        let logs = (try? await readLogs(name, tail: 20)) ?? ""
        return ContainerError.exited(exitCode: known.exitCode, outOfMemory: known.oomKilled, logs: logs)
    }

    static func isCancellation(_ error: Error) -> Bool {
        if case DockerError.cancelled = error { return true }
        return false
    }

    static func isInterruption(_ error: Error) -> Bool {
        switch error {
        case DockerError.cancelled, DockerError.timedOut: return true
        default: return error is CancellationError
        }
    }

    static func runFailure(_ output: CommandOutput, request: ContainerRequest) -> Error {
        let text = output.stderrText
        if text.contains("Unable to find image") || text.contains("pull access denied") || text.contains("No such image") {
            return DockerError.notFound(what: "The image \(request.image)")
        }
        let shown = ([request.image] + request.command).joined(separator: " ")
        return DockerError.commandFailed(command: "docker run \(shown)", status: output.status, output: text)
    }

    /// `docker port NAME`: lines like `8000/tcp -> 127.0.0.1:32768` (and `[::]:32768`).
    static func parsePorts(_ text: String) -> [Int: Int] {
        var ports: [Int: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.components(separatedBy: " -> ")
            guard parts.count == 2 else { continue }
            let spec = parts[0].split(separator: "/")
            guard spec.count == 2, spec[1] == "tcp", let container = Int(spec[0]),
                  let colon = parts[1].lastIndex(of: ":"),
                  let host = Int(parts[1][parts[1].index(after: colon)...].trimmingCharacters(in: .whitespaces)) else { continue }
            if ports[container] == nil { ports[container] = host }
        }
        return ports
    }

    /// Merges `docker logs --timestamps` stdout and stderr by their fixed-width timestamps and
    /// drops the timestamps.
    static func interleave(_ stdout: String, _ stderr: String) -> String {
        func entries(_ text: String) -> [(stamp: Substring, line: Substring)] {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            return lines.map { line in
                guard let space = line.firstIndex(of: " "), line.first?.isNumber == true else { return ("", line) }
                return (line[..<space], line[line.index(after: space)...])
            }
        }
        let out = entries(stdout), err = entries(stderr)
        var merged: [Substring] = []
        merged.reserveCapacity(out.count + err.count)
        var i = 0, j = 0
        while i < out.count || j < err.count {
            if j == err.count || (i < out.count && out[i].stamp <= err[j].stamp) {
                merged.append(out[i].line); i += 1
            } else {
                merged.append(err[j].line); j += 1
            }
        }
        return merged.isEmpty ? "" : merged.joined(separator: "\n") + "\n"
    }
}
