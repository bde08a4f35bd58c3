import Foundation

/// Why a docker operation failed, and what to do about it. `description` is the message
/// to show a learner: the cause in one sentence, then the fix.
public enum DockerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No `docker` program was found.
    case cliNotFound(searched: String)
    /// The CLI is there but no engine answers at `host`.
    case engineUnavailable(host: String, detail: String)
    /// The engine's socket exists but this user may not use it.
    case socketPermissionDenied(socket: String)
    /// `FROM image` cannot be fetched: offline, or no such image or tag.
    case baseImageUnavailable(image: String, offline: Bool, detail: String)
    /// A build instruction failed. `line` is its Dockerfile line when known.
    case buildStepFailed(step: BuildFailure)
    /// The engine's disk is full.
    case diskFull(detail: String)
    /// The operation ran longer than allowed and was stopped.
    case timedOut(operation: String, seconds: Double)
    /// The operation was cancelled (Ctrl-C); whatever it started was cleaned up.
    case cancelled(operation: String)
    /// The image or container named does not exist.
    case notFound(what: String)
    /// `--source layer-store` was asked for, but the engine's layer store cannot be read here.
    case layerStoreUnavailable(reason: String)
    /// Anything else the CLI reported.
    case commandFailed(command: String, status: Int32, output: String)

    public var description: String {
        switch self {
        case .layerStoreUnavailable(let reason):
            return """
                The engine's layer store cannot be read from here: \(reason). Read the image as an \
                archive instead (`--source archive`, or `--source auto`, which falls back by itself); \
                the layer store is only read for a local engine on a unix socket, by a user who may \
                read its data directory (usually root).
                """
        case .cliNotFound(let searched):
            return """
                The docker command was not found (looked for \(searched)). Install Docker: on Linux \
                `sudo apt-get install docker.io` (or Docker Engine from docs.docker.com), on macOS or \
                Windows Docker Desktop. Or point DOCKERLINGS_DOCKER at the docker binary.
                """
        case .engineUnavailable(let host, let detail) where detail.contains("context not found"):
            // A misspelt --context: starting an engine would not help.
            return """
                There is no docker context \(host.replacingOccurrences(of: "context ", with: "")) here (\(detail)). \
                `docker context ls` lists the contexts; `docker context create NAME --docker host=ssh://user@host` \
                makes one, or give the engine's address with --host.
                """
        case .engineUnavailable(let host, let detail):
            return """
                No Docker engine answers at \(host) (\(detail)). Start one: on Linux \
                `sudo systemctl start docker` (or run `sudo dockerd`); with Docker Desktop, open it and \
                wait until it says it is running; for a remote engine, set DOCKER_HOST (e.g. \
                ssh://user@host) or choose a context with `docker context use NAME`.
                """
        case .socketPermissionDenied(let socket):
            return """
                Permission denied on the Docker socket \(socket). Add yourself to the docker group \
                (`sudo usermod -aG docker $USER`, then log out and in), or use rootless Docker and set \
                DOCKER_HOST to its socket.
                """
        case .baseImageUnavailable(let image, let offline, let detail):
            if offline {
                return """
                    The base image \(image) is not on this machine and no registry can be reached (\(detail)). \
                    Connect to the network and `docker pull \(image)`, or use an image you already have \
                    (`docker images` lists them).
                    """
            }
            return """
                The base image \(image) cannot be pulled: no such image or tag (\(detail)). Check the \
                spelling and the tag on the registry, or use an image you already have (`docker images`).
                """
        case .buildStepFailed(let failure):
            return failure.description
        case .diskFull(let detail):
            return """
                The Docker engine ran out of disk space (\(detail)). Free some: `docker system prune` \
                removes stopped containers, unused networks and dangling images; `docker builder prune` \
                clears the build cache.
                """
        case .timedOut(let operation, let seconds):
            return "\(operation) took longer than \(Int(seconds)) s and was stopped; nothing it started was left behind. Make it faster, or raise the time limit."
        case .cancelled(let operation):
            return "\(operation) was cancelled; nothing it started was left behind."
        case .notFound(let what):
            return "\(what) does not exist on this engine. `docker images` and `docker ps -a` list what does."
        case .commandFailed(let command, let status, let output):
            let tail = output.split(separator: "\n").suffix(8).joined(separator: "\n")
            return "`\(command)` failed with status \(status):\n\(tail)"
        }
    }

    /// Recognises the engine-level failures every command can meet, from the CLI's output.
    static func classify(_ output: String, host: String) -> DockerError? {
        let lower = output.lowercased()
        if lower.contains("permission denied") && (lower.contains("docker daemon socket") || lower.contains("docker.sock")) {
            let socket = output.firstMatch(of: /unix:\/\/[^\s:"]+/).map { String($0.output) } ?? host
            return .socketPermissionDenied(socket: socket)
        }
        if lower.contains("cannot connect to the docker daemon") || lower.contains("is the docker daemon running")
            || lower.contains("error during connect") {
            let line = output.split(separator: "\n").first { $0.lowercased().contains("docker daemon") || $0.lowercased().contains("error during connect") }
            return .engineUnavailable(host: host, detail: line.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "no answer")
        }
        if lower.contains("no space left on device") {
            let line = output.split(separator: "\n").first { $0.lowercased().contains("no space left") }
            return .diskFull(detail: line.map(String.init) ?? "no space left on device")
        }
        return nil
    }
}

/// A build instruction that failed: which one, where in the Dockerfile, and its last output.
public struct BuildFailure: Sendable, Equatable, CustomStringConvertible {
    /// The step as the builder numbered it (classic: n of "Step n/m"; BuildKit: k of "[stage k/m]").
    public var step: Int?
    public var stage: String?
    public var instruction: String
    /// The Dockerfile line, when the caller supplied the instructions.
    public var line: Int?
    public var exitCode: Int?
    public var message: String
    /// The last lines of output before the failure.
    public var outputTail: [String]

    public var description: String {
        let place = line.map { "line \($0)" } ?? (step.map { "step \($0)" } ?? "a step")
        let code = exitCode.map { " with exit code \($0)" } ?? ""
        var text = "The build failed at \(place): `\(instruction)` exited\(code)."
        if !outputTail.isEmpty { text += "\nIts last output:\n" + outputTail.map { "  " + $0 }.joined(separator: "\n") }
        text += "\nFix that instruction (run the command in a container from the previous step to try it), then build again."
        return text
    }
}
