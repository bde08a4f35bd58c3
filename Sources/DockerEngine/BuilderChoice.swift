import Foundation

/// Which builder `docker build` will use here, decided as the CLI decides it.
///
/// CLI 23 and later: DOCKER_BUILDKIT=0 means the classic builder; otherwise BuildKit through
/// the buildx plugin, and without buildx the classic builder (with a deprecation notice), or
/// an error when DOCKER_BUILDKIT=1 insists. Older CLIs: DOCKER_BUILDKIT when set, else
/// whatever the engine advertises (its `/_ping` Builder-Version header: BuildKit by default
/// from engine 23, or with the daemon's `features.buildkit`). A Windows engine builds classic.
public struct BuilderChoice: Sendable, Equatable {
    public enum Kind: String, Sendable { case classic, buildKit = "BuildKit" }

    /// The builder builds will use; nil when `docker build` will refuse to run.
    public var kind: Kind?
    /// Why, in words.
    public var reason: String
    /// Why `docker build` will refuse, when it will.
    public var refusal: Refusal? = nil

    public enum Refusal: Sendable, Equatable {
        /// DOCKER_BUILDKIT is not a boolean.
        case unreadableSetting
        /// DOCKER_BUILDKIT=1 on a CLI that needs the buildx plugin for BuildKit, without it.
        case buildxMissing
    }

    /// The CLI's facts and the engine's preference in, the choice out.
    /// - Parameters:
    ///   - buildKitSetting: DOCKER_BUILDKIT as set (nil or empty: unset).
    ///   - engineAdvertisesBuildKit: the engine's ping said so; nil when it could not be asked.
    public static func decide(buildKitSetting: String?, clientVersion: String?, hasBuildx: Bool,
                              engineOS: String?, engineVersion: String?, engineAdvertisesBuildKit: Bool?) -> BuilderChoice {
        var explicit: Bool?
        if let setting = buildKitSetting, !setting.isEmpty {
            guard let value = parseBool(setting) else {
                return BuilderChoice(kind: nil, reason: "DOCKER_BUILDKIT=\(setting) is not a boolean; the docker CLI refuses to build",
                                     refusal: .unreadableSetting)
            }
            explicit = value
        }
        let advertised = engineAdvertisesBuildKit ?? engineVersion.flatMap(majorVersion).map { $0 >= 23 }
        if engineOS == "windows" && advertised != true && explicit == nil {
            return BuilderChoice(kind: .classic, reason: "a Windows engine builds with the classic builder")
        }
        let modernCLI = clientVersion.flatMap(majorVersion).map { $0 >= 23 } ?? true
        if modernCLI {
            switch explicit {
            case false?:
                return BuilderChoice(kind: .classic, reason: "DOCKER_BUILDKIT=\(buildKitSetting ?? "0") asks for the classic builder")
            case true?:
                return hasBuildx
                    ? BuilderChoice(kind: .buildKit, reason: "DOCKER_BUILDKIT=\(buildKitSetting ?? "1") and the buildx plugin is installed")
                    : BuilderChoice(kind: nil, reason: "DOCKER_BUILDKIT=\(buildKitSetting ?? "1") asks for BuildKit, but this docker CLI (\(clientVersion ?? "?")) has no buildx plugin, so `docker build` fails",
                                    refusal: .buildxMissing)
            case nil:
                return hasBuildx
                    ? BuilderChoice(kind: .buildKit, reason: "the docker CLI (\(clientVersion ?? "?")) builds with BuildKit through its buildx plugin")
                    : BuilderChoice(kind: .classic, reason: "the docker CLI (\(clientVersion ?? "?")) has no buildx plugin, so it falls back to the classic builder")
            }
        }
        if let explicit {
            return explicit
                ? BuilderChoice(kind: .buildKit, reason: "DOCKER_BUILDKIT=\(buildKitSetting ?? "1"): the engine's built-in BuildKit")
                : BuilderChoice(kind: .classic, reason: "DOCKER_BUILDKIT=\(buildKitSetting ?? "0") asks for the classic builder")
        }
        switch advertised {
        case true?: return BuilderChoice(kind: .buildKit, reason: "the engine advertises BuildKit as its default builder")
        case false?: return BuilderChoice(kind: .classic, reason: "the engine's default builder is the classic one (set DOCKER_BUILDKIT=1 for BuildKit)")
        case nil: return BuilderChoice(kind: .classic, reason: "the classic builder, this CLI's default when the engine does not say")
        }
    }

    /// Go's strconv.ParseBool, which the CLI applies to DOCKER_BUILDKIT.
    static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }

    /// 28 of "28.2.2", 20 of "20.10.24+dfsg1".
    static func majorVersion(_ version: String) -> Int? {
        Int(version.prefix { $0.isNumber })
    }
}

extension DockerClient {
    /// The builder this client's `build` will use, from a survey of the CLI and the engine.
    public func builderChoice(survey: EngineSurvey, endpoint: EngineEndpoint, timeout: Duration = .seconds(5)) async -> BuilderChoice {
        let engine = try? survey.engine.get()
        var advertised: Bool?
        if let socket = endpoint.socketPath, engine != nil {
            advertised = await EngineAPIConnection.advertisedBuilder(socket: socket, timeout: timeout).map { $0 == "2" }
        }
        return BuilderChoice.decide(buildKitSetting: environment["DOCKER_BUILDKIT"], clientVersion: survey.clientVersion,
                                    hasBuildx: survey.clientPlugins.contains("buildx"), engineOS: engine?.os,
                                    engineVersion: engine?.serverVersion, engineAdvertisesBuildKit: advertised)
    }
}

extension EngineAPIConnection {
    /// The engine's `Builder-Version` ping header ("2" is BuildKit; absent means classic, as
    /// the CLI reads it); nil when the socket did not answer in time.
    static func advertisedBuilder(socket: String, timeout: Duration) async -> String?? {
        guard let connection = try? EngineAPIConnection(socketPath: socket) else { return nil }
        return await withCheckedContinuation { (continuation: CheckedContinuation<String??, Never>) in
            DispatchQueue.global().async {
                // An engine that accepts and never answers: abort() unblocks the read.
                let stop = DispatchWorkItem { connection.abort() }
                DispatchQueue.global().asyncAfter(deadline: .now() + DockerClient.seconds(timeout), execute: stop)
                let response = try? connection.get("/_ping")
                stop.cancel()
                guard let response, response.status == 200 else { return continuation.resume(returning: nil) }
                continuation.resume(returning: .some(response.headers["builder-version"]))
            }
        }
    }
}
