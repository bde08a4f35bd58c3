import Foundation

/// Where the docker CLI sends its requests, and what chose that, resolved in the CLI's own
/// order: `--context`, else DOCKER_HOST, else DOCKER_CONTEXT, else the context
/// `docker context use` saved, else the default socket.
public struct EngineEndpoint: Sendable, Equatable, CustomStringConvertible {
    public enum Source: String, Sendable {
        case contextOption = "--context"
        case dockerHost = "DOCKER_HOST"
        case dockerContext = "DOCKER_CONTEXT"
        case currentContext = "docker context use"
        case defaultSocket = "default"
    }

    public var source: Source
    /// The context named, when a context chose the engine.
    public var context: String?
    /// unix://, tcp://, ssh:// or npipe://; nil when the context's endpoint could not be read.
    public var address: String?

    public init(source: Source, context: String? = nil, address: String?) {
        self.source = source
        self.context = context
        self.address = address
    }

    /// The socket file, when the engine is reached through a unix socket on this machine.
    public var socketPath: String? {
        guard let address, address.hasPrefix("unix://") else { return nil }
        let path = String(address.dropFirst("unix://".count))
        return path.isEmpty ? nil : path
    }

    public var description: String {
        let place = address ?? "an endpoint that could not be read"
        switch source {
        case .contextOption: return "\(place) (context \(context ?? "?"), from --context)"
        case .dockerHost: return "\(place) (from DOCKER_HOST)"
        case .dockerContext: return "\(place) (context \(context ?? "?"), from DOCKER_CONTEXT)"
        case .currentContext: return "\(place) (context \(context ?? "?"), chosen with `docker context use`)"
        case .defaultSocket: return "\(place) (the default socket)"
        }
    }
}

extension DockerClient {
    /// The engine this client talks to. A named context's address is asked of the CLI
    /// (`docker context inspect`); the rest is read from the environment and the CLI's config.
    public func endpoint(timeout: Duration = .seconds(10)) async -> EngineEndpoint {
        let named: (EngineEndpoint.Source, String)?
        if let context, !context.isEmpty {
            named = (.contextOption, context)
        } else if let host = environment["DOCKER_HOST"], !host.isEmpty {
            return EngineEndpoint(source: .dockerHost, address: host)
        } else if let chosen = environment["DOCKER_CONTEXT"], !chosen.isEmpty {
            // DOCKER_CONTEXT=default overrides a context saved with `docker context use`.
            if chosen == "default" { return EngineEndpoint(source: .dockerContext, context: chosen, address: "unix://" + EngineSocket.defaultPath) }
            named = (.dockerContext, chosen)
        } else if let current = EngineSocket.currentContext(environment), current != "default" {
            named = (.currentContext, current)
        } else {
            named = nil
        }
        guard let (source, name) = named else {
            return EngineEndpoint(source: .defaultSocket, address: "unix://" + EngineSocket.defaultPath)
        }
        let output = try? await runner.run(arguments(["context", "inspect", name, "--format", "{{.Endpoints.docker.Host}}"]), timeout: timeout)
        let address = output.flatMap { $0.status == 0 ? $0.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) : nil }
        return EngineEndpoint(source: source, context: name, address: address?.isEmpty == false ? address : nil)
    }
}
