import DockerEngine
import Foundation

/// One engine a class is re-graded on, as the docker CLI reaches it: a context (`docker
/// --context NAME`, which may be ssh:// or tcp:// with TLS), an address (DOCKER_HOST), or
/// whatever the environment names.
public struct RegradeEngine: Sendable, Hashable {
    public enum Address: Sendable, Hashable {
        case environment
        case context(String)
        case host(String)
    }

    public var address: Address
    /// How results and messages name it.
    public var name: String

    public init(_ address: Address) {
        self.address = address
        switch address {
        case .context(let context): name = context
        case .host(let host): name = host
        case .environment: name = (try? DockerClient())?.hostDescription ?? "the default engine"
        }
    }

    /// A docker client aimed at this engine; `session` labels what it makes.
    public func client(session: String) throws -> DockerClient {
        switch address {
        case .environment: try DockerClient(session: session)
        case .context(let context): try DockerClient(context: context, session: session)
        case .host(let host): try DockerClient(host: host, session: session)
        }
    }
}

extension RegradeEngine {
    /// Nil when the engine answers, else why not (for the message that leaves it out).
    public func unanswered() async -> String? {
        do {
            _ = try await client(session: "regrade-ping").ping(timeout: .seconds(20))
            return nil
        } catch {
            return "\(error)"
        }
    }
}
