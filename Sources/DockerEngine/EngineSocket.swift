import Foundation

/// Where the Engine API answers on a local unix socket, when the docker CLI would talk to
/// that same socket. Reading an archive straight from the socket skips the CLI process and
/// the pipe it copies through; anything else (tcp://, ssh://, a named context) keeps the CLI,
/// which knows how to reach it.
enum EngineSocket {
    static let defaultPath = "/var/run/docker.sock"

    /// The socket path, or nil when the CLI may be talking to a different engine.
    static func path(context: String?, environment: [String: String]) -> String? {
        if let context, context != "default" { return nil }
        if let host = environment["DOCKER_HOST"], !host.isEmpty {
            // DOCKER_HOST wins over contexts in the CLI too (unless --context was given, handled above).
            guard host.hasPrefix("unix://") else { return nil }
            let path = String(host.dropFirst("unix://".count))
            return path.isEmpty ? nil : path
        }
        if let named = environment["DOCKER_CONTEXT"], !named.isEmpty, named != "default" { return nil }
        if let current = currentContext(environment), current != "default" { return nil }
        return defaultPath
    }

    /// `currentContext` from the CLI's config.json (`docker context use NAME` writes it).
    static func currentContext(_ environment: [String: String]) -> String? {
        let directory = environment["DOCKER_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.docker" }
        guard let directory,
              let data = FileManager.default.contents(atPath: directory + "/config.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let current = object["currentContext"] as? String, !current.isEmpty else { return nil }
        return current
    }
}

/// How `analyze` and `save` read an image's archive from the engine.
public enum ArchiveTransport: String, Sendable {
    /// The Engine API on its unix socket when the CLI would use that socket, else the CLI.
    case automatic
    /// Always `docker save` through the CLI.
    case cli
}
