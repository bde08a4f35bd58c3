import Foundation

/// What `docker version` and `docker info` say about the CLI and the engine behind it.
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
    /// The daemon's data directory (DockerRootDir) as the daemon sees it.
    public var dataRoot: String? = nil
    /// The daemon's host system in words ("Debian GNU/Linux 12", "Docker Desktop").
    public var operatingSystem: String? = nil
}

/// The CLI's own facts, which need no engine, and the engine's, or why none answered.
public struct EngineSurvey: Sendable {
    /// The CLI's version; nil when even the CLI could not say (it did not run, or timed out).
    public var clientVersion: String?
    /// The CLI plugins installed (`buildx`, `compose`, ...).
    public var clientPlugins: [String]
    public var engine: Result<EngineInfo, DockerError>

    public init(clientVersion: String?, clientPlugins: [String], engine: Result<EngineInfo, DockerError>) {
        self.clientVersion = clientVersion
        self.clientPlugins = clientPlugins
        self.engine = engine
    }
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
        try await survey(timeout: timeout).engine.get()
    }

    /// `docker version` and `docker info` at once. The CLI prints its own half even when no
    /// engine answers, so the client's version and plugins are known either way.
    public func survey(timeout: Duration = .seconds(20)) async -> EngineSurvey {
        async let versionRun = try? runner.run(arguments(["version", "--format", "{{json .}}"]), timeout: timeout)
        async let infoRun = try? runner.run(arguments(["info", "--format", "{{json .}}"]), timeout: timeout)
        let (version, info) = await (versionRun, infoRun)

        struct Version: Decodable {
            struct Client: Decodable { var Version: String? }
            struct Server: Decodable { var Version: String?; var ApiVersion: String?; var Os: String?; var Arch: String? }
            var Client: Client?
            var Server: Server?
        }
        struct Info: Decodable {
            struct ClientInfo: Decodable {
                struct Plugin: Decodable { var Name: String? }
                var Plugins: [Plugin]?
            }
            var Driver: String?; var DockerRootDir: String?; var OperatingSystem: String?
            var ClientInfo: ClientInfo?
        }
        func firstJSONLine(_ output: CommandOutput?) -> Data {
            Data((output?.stdoutText.split(separator: "\n").first { $0.hasPrefix("{") }).map { Array($0.utf8) } ?? [])
        }
        let versionFacts = try? JSONDecoder().decode(Version.self, from: firstJSONLine(version))
        let infoFacts = try? JSONDecoder().decode(Info.self, from: firstJSONLine(info))
        let plugins = (infoFacts?.ClientInfo?.Plugins ?? []).compactMap(\.Name)

        let engine: Result<EngineInfo, DockerError>
        if let version, version.status == 0, let server = versionFacts?.Server, let serverVersion = server.Version {
            let nonEmpty: (String?) -> String? = { $0?.isEmpty == false ? $0 : nil }
            engine = .success(EngineInfo(
                clientVersion: versionFacts?.Client?.Version ?? "", serverVersion: serverVersion,
                apiVersion: server.ApiVersion ?? "", os: server.Os ?? "", architecture: server.Arch ?? "",
                storageDriver: nonEmpty(infoFacts?.Driver), host: hostDescription,
                dataRoot: nonEmpty(infoFacts?.DockerRootDir), operatingSystem: nonEmpty(infoFacts?.OperatingSystem)))
        } else {
            engine = .failure(failure(of: version, operation: "docker version", timeout: timeout))
        }
        var clientVersion = versionFacts?.Client?.Version
        if clientVersion == nil, version != nil {
            // An engine that hangs can keep `docker version` from printing even the client's
            // half; `docker --version` never asks the engine.
            let plain = try? await runner.run(["--version"], timeout: .seconds(10))
            clientVersion = plain.flatMap { $0.stdoutText.firstMatch(of: /version ([^\s,]+)/).map { String($0.1) } }
        }
        return EngineSurvey(clientVersion: clientVersion, clientPlugins: plugins, engine: engine)
    }

    /// Why a command that needed the engine got no answer from it.
    private func failure(of output: CommandOutput?, operation: String, timeout: Duration) -> DockerError {
        guard let output else { return .cliNotFound(searched: executable.path) }
        if output.timedOut { return .timedOut(operation: operation, seconds: Self.seconds(timeout)) }
        if output.cancelled { return .cancelled(operation: operation) }
        let text = output.stderrText + "\n" + output.stdoutText
        return DockerError.classify(text, host: hostDescription)
            ?? .engineUnavailable(host: hostDescription, detail: output.stderrText.split(separator: "\n").first.map(String.init) ?? "no answer")
    }
}
