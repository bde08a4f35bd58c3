import Foundation

/// A container to run to completion, with limits.
public struct RunRequest: Sendable {
    public var image: String
    public var command: [String]
    public var environment: [String: String]
    /// `--memory`, e.g. "128m".
    public var memory: String?
    /// `--cpus`, e.g. 0.5.
    public var cpus: Double?
    /// `--pids-limit`.
    public var pidsLimit: Int?
    public var networkNone: Bool
    public var timeout: Duration
    public var user: String?

    public init(image: String, command: [String] = [], environment: [String: String] = [:], memory: String? = "256m",
                cpus: Double? = 1, pidsLimit: Int? = 128, networkNone: Bool = true, timeout: Duration = .seconds(30), user: String? = nil) {
        self.image = image; self.command = command; self.environment = environment; self.memory = memory
        self.cpus = cpus; self.pidsLimit = pidsLimit; self.networkNone = networkNone; self.timeout = timeout; self.user = user
    }
}

public struct RunResult: Sendable {
    public var exitCode: Int32
    public var stdout: String
    public var stderr: String
    public var seconds: Double
    /// The kernel killed it for using more memory than allowed.
    public var outOfMemory: Bool
}

extension DockerClient {
    /// Runs a container to completion. It is labelled, removed afterwards, and on timeout or
    /// cancellation killed and removed (`docker rm -f`), so nothing keeps running.
    public func run(_ request: RunRequest) async throws -> RunResult {
        let name = "dockerlings-\(UUID().uuidString.prefix(12).lowercased())"
        var args = ["run", "--name", name, "--label", label]
        if let memory = request.memory { args += ["--memory", memory, "--memory-swap", memory] }
        if let cpus = request.cpus { args += ["--cpus", String(cpus)] }
        if let pids = request.pidsLimit { args += ["--pids-limit", String(pids)] }
        if request.networkNone { args += ["--network", "none"] }
        if let user = request.user { args += ["--user", user] }
        for (key, value) in request.environment.sorted(by: { $0.key < $1.key }) { args += ["--env", "\(key)=\(value)"] }
        args.append(request.image)
        args += request.command

        let started = Date()
        // A container's PID 1 ignores the SIGINT the CLI would forward, so a timeout or a
        // cancellation removes the container itself (`docker rm -f`), which ends the CLI too.
        let expired = TimeoutFlag()
        let watchdog = Task {
            try await Task.sleep(for: request.timeout)
            expired.set()
            await forceRemove(container: name)
        }
        let output: CommandOutput
        do {
            output = try await withTaskCancellationHandler {
                try await execute(args, operation: "The container")
            } onCancel: {
                Task { await forceRemove(container: name) }
            }
        } catch {
            watchdog.cancel()
            await forceRemove(container: name)
            throw error
        }
        watchdog.cancel()
        if expired.isSet {
            await forceRemove(container: name)
            throw DockerError.timedOut(operation: "The container", seconds: Self.seconds(request.timeout))
        }
        let oom = (try? await runner.run(arguments(["inspect", "--format", "{{.State.OOMKilled}}", name]), timeout: .seconds(20)))
            .map { $0.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "true" } ?? false
        await forceRemove(container: name)
        if output.status == 125 {
            let text = output.stderrText
            if text.contains("Unable to find image") || text.contains("pull access denied") || text.contains("No such image") {
                throw DockerError.notFound(what: "image \(request.image)")
            }
            throw DockerError.commandFailed(command: "docker run \(request.image)", status: 125, output: text)
        }
        return RunResult(exitCode: output.status, stdout: output.stdoutText, stderr: output.stderrText,
                         seconds: Date().timeIntervalSince(started), outOfMemory: oom)
    }

    func forceRemove(container name: String) async {
        _ = try? await runner.run(arguments(["rm", "--force", "--volumes", name]), timeout: .seconds(60))
    }
}

final class TimeoutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
