import Foundation

/// What `docker version` says about the CLI and the engine behind it.
public struct EngineInfo: Sendable, Equatable {
    public var clientVersion: String
    public var serverVersion: String
    public var apiVersion: String
    public var os: String
    public var architecture: String
    /// The daemon's storage driver (overlay2, ...): sizes from the engine depend on it; ours do not.
    public var storageDriver: String?
    /// Where the client talked to.
    public var host: String
}

extension DockerClient {
    /// The engine's version, or the error that says why no engine answers: one quick
    /// command, for callers that only need to know the engine is there.
    public func ping(timeout: Duration = .seconds(15)) async throws -> String {
        let output = try await execute(["version", "--format", "{{.Server.Version}}"], timeout: timeout, operation: "docker version")
        let version = output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard output.status == 0, !version.isEmpty else {
            throw DockerError.engineUnavailable(host: hostDescription, detail: output.stderrText.split(separator: "\n").first.map(String.init) ?? "no answer")
        }
        return version
    }

    /// Asks the CLI and the engine for their versions; the first call to make, since its
    /// errors say plainly when there is no engine or no permission.
    public func engineInfo(timeout: Duration = .seconds(20)) async throws -> EngineInfo {
        let output = try await execute(["version", "--format", "{{json .}}"], timeout: timeout, operation: "docker version")
        struct Version: Decodable {
            struct Client: Decodable { var Version: String? }
            struct Server: Decodable { var Version: String?; var ApiVersion: String?; var Os: String?; var Arch: String? }
            var Client: Client?
            var Server: Server?
        }
        let json = output.stdoutText.split(separator: "\n").first { $0.hasPrefix("{") }.map(String.init) ?? ""
        let version = try? JSONDecoder().decode(Version.self, from: Data(json.utf8))
        guard output.status == 0, let server = version?.Server, let serverVersion = server.Version else {
            throw DockerError.engineUnavailable(host: hostDescription, detail: output.stderrText.split(separator: "\n").first.map(String.init) ?? "no answer")
        }
        let driver = try? await execute(["info", "--format", "{{.Driver}}"], timeout: timeout).stdoutText
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return EngineInfo(clientVersion: version?.Client?.Version ?? "", serverVersion: serverVersion,
                          apiVersion: server.ApiVersion ?? "", os: server.Os ?? "", architecture: server.Arch ?? "",
                          storageDriver: driver?.isEmpty == false ? driver : nil, host: hostDescription)
    }
}
