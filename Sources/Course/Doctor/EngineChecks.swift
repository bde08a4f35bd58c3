import DockerEngine
import Foundation
import ImageAnalysis

/// The docker CLI, the engine it reaches, the builder it will use, the storage driver and
/// the free space where images are stored.
extension Doctor {
    /// What the base-image checks need from the engine checks.
    struct ReachedEngine: Sendable {
        var client: DockerClient
        var info: EngineInfo
    }

    func engineChecks() async -> (checks: [DoctorCheck], engine: ReachedEngine?) {
        let client: DockerClient
        do { client = try makeClient() } catch {
            let reason = (error as? DockerError)?.description ?? "\(error)"
            let because = "there is no docker CLI to reach it with"
            return ([DoctorCheck(id: "docker-cli", title: "docker CLI", status: .problem, found: Self.firstSentence(reason), fix: Self.installDocker),
                     DoctorCheck(id: "engine", title: "Docker engine", status: .problem, found: "not reached: \(because)", fix: Self.installDocker),
                     DoctorCheck(id: "builder", title: "builder", status: .warning, found: "not known: \(because)", fix: Self.installDocker)]
                    + Self.engineDependents(because: because), nil)
        }
        // The commands stop themselves at `timeout`; the deadline is the backstop, with room
        // for the survey's fallback (`docker --version`) after an engine that hung.
        let backstop = timeout + .seconds(12)
        async let endpointAsked = Deadline.run(backstop) { await client.endpoint(timeout: timeout) }
        async let surveyAsked = Deadline.run(backstop) { await client.survey(timeout: timeout) }
        let endpoint = await endpointAsked ?? EngineEndpoint(source: .defaultSocket, address: nil)
        let survey = await surveyAsked ?? EngineSurvey(clientVersion: nil, clientPlugins: [],
                                                        engine: .failure(.timedOut(operation: "docker version", seconds: Double(timeout.wholeSeconds))))
        var checks: [DoctorCheck] = []

        if let version = survey.clientVersion {
            checks.append(DoctorCheck(id: "docker-cli", title: "docker CLI", status: .ok,
                                      found: "\(client.executable.path), version \(version)"))
        } else {
            checks.append(DoctorCheck(id: "docker-cli", title: "docker CLI", status: .problem,
                                      found: "\(client.executable.path) did not say its version (\(Self.firstSentence(survey.engine.failureText ?? "no answer")))",
                                      fix: "Run `\(client.executable.path) version` to see what is wrong with it, or \(Self.installDocker.lowercasedFirst)"))
        }

        let info: EngineInfo
        switch survey.engine {
        case .failure(let error):
            checks.append(DoctorCheck(id: "engine", title: "Docker engine", status: .problem,
                                      found: "no engine answers at \(endpoint): \(Self.detail(of: error))",
                                      fix: Self.engineFix(error, endpoint: endpoint)))
            let builder = await Deadline.run(timeout) { await client.builderChoice(survey: survey, endpoint: endpoint, timeout: timeout) }
            checks.append(Self.builderCheck(builder))
            return (checks + Self.engineDependents(because: "no engine answers"), nil)
        case .success(let answered):
            info = answered
        }
        let api = info.apiVersion.isEmpty ? "" : ", API \(info.apiVersion)"
        checks.append(DoctorCheck(id: "engine", title: "Docker engine", status: .ok,
                                  found: "Docker \(info.serverVersion)\(api) (\(info.os)/\(info.architecture)) at \(endpoint)"))

        async let builderAsked = Deadline.run(timeout) { await client.builderChoice(survey: survey, endpoint: endpoint, timeout: timeout) }
        async let spaceAsked = Deadline.runBlocking(.seconds(max(5, timeout.wholeSeconds / 4))) { info.dataRootSpace(endpoint: endpoint) }
        checks.append(Self.builderCheck(await builderAsked))
        checks.append(Self.storageCheck(info.storageDriver))
        checks.append(diskCheck(await spaceAsked, root: info.dataRoot))
        return (checks, ReachedEngine(client: client, info: info))
    }

    static func builderCheck(_ choice: BuilderChoice?) -> DoctorCheck {
        guard let choice else {
            return DoctorCheck(id: "builder", title: "builder", status: .warning,
                               found: "not known: the engine did not answer in time",
                               fix: "Start the engine (see above); the course works with the classic builder and with BuildKit.")
        }
        guard let kind = choice.kind else {
            let fix = choice.refusal == .unreadableSetting
                ? "Set DOCKER_BUILDKIT to 1 (BuildKit) or 0 (classic), or unset it: the course works with both."
                : "Unset DOCKER_BUILDKIT to build with the classic builder, or install Docker's buildx plugin (docker-buildx-plugin from Docker's own package repository)."
            return DoctorCheck(id: "builder", title: "builder", status: .problem, found: choice.reason, fix: fix)
        }
        return DoctorCheck(id: "builder", title: "builder", status: .ok,
                           found: "\(kind == .buildKit ? "BuildKit" : "the classic builder"): \(choice.reason)")
    }

    static func storageCheck(_ driver: String?) -> DoctorCheck {
        guard let driver else {
            return DoctorCheck(id: "storage-driver", title: "storage driver", status: .warning,
                               found: "the engine did not say which storage driver it uses",
                               fix: "Run `docker info` and look for \"Storage Driver\"; overlay2 is what the course expects.")
        }
        if driver == "vfs" {
            return DoctorCheck(id: "storage-driver", title: "storage driver", status: .warning,
                               found: "vfs: every layer is a full copy, so builds are slow and images take much more disk",
                               fix: "Configure the engine for overlay2 (\"storage-driver\": \"overlay2\" in /etc/docker/daemon.json) if its file system allows.")
        }
        return DoctorCheck(id: "storage-driver", title: "storage driver", status: .ok, found: driver)
    }

    func diskCheck(_ space: DataRootSpace?, root: String?) -> DoctorCheck {
        switch space {
        case nil:
            return DoctorCheck(id: "disk", title: "free disk for images", status: .warning,
                               found: "\(root ?? "the data root") did not answer within \(max(5, timeout.wholeSeconds / 4)) s",
                               fix: "Check that file system (`df \(root ?? "/var/lib/docker")`); `docker system df` shows what the engine uses.")
        case .notMeasurable(let reason)?:
            return DoctorCheck(id: "disk", title: "free disk for images", status: .warning, found: reason,
                               fix: "Check the engine's disk where it runs; `docker system df` shows what images and build cache use.")
        case .measured(let path, let free, let total)?:
            let found = "\(formatBytes(free)) free of \(formatBytes(total)) at \(path)"
            if free < lowDiskBytes {
                return DoctorCheck(id: "disk", title: "free disk for images", status: .warning,
                                   found: found + "; builds need a few GB",
                                   fix: "Free space on that disk; `docker builder prune` clears the build cache, `docker image prune` unused images.")
            }
            return DoctorCheck(id: "disk", title: "free disk for images", status: .ok, found: found)
        }
    }

    /// The checks that need an engine to look at, each saying it could not look.
    static func engineDependents(because reason: String) -> [DoctorCheck] {
        let fix = "Start the engine first (see the engine check); then run the doctor again."
        return [
            DoctorCheck(id: "storage-driver", title: "storage driver", status: .warning, found: "not known: \(reason)", fix: fix),
            DoctorCheck(id: "disk", title: "free disk for images", status: .warning, found: "not measured: \(reason)", fix: fix),
        ]
    }

    static let installDocker = "Install Docker: `sudo apt-get install docker.io` on Debian or Ubuntu, Docker Desktop on macOS or Windows; or point DOCKERLINGS_DOCKER at the docker binary."

    /// How to get an engine that answers, for the way this one failed.
    static func engineFix(_ error: DockerError, endpoint: EngineEndpoint) -> String {
        switch error {
        case .socketPermissionDenied:
            return "Add yourself to the docker group (`sudo usermod -aG docker $USER`, then log in again), or run as root."
        case .timedOut:
            return "The engine at \(endpoint.address ?? "its address") hangs: restart it (`sudo systemctl restart docker`, or restart Docker Desktop)."
        default:
            break
        }
        switch endpoint.source {
        case .dockerHost:
            return "Start the engine at DOCKER_HOST=\(endpoint.address ?? ""), or unset DOCKER_HOST to use the local one."
        case .contextOption:
            return "Start the engine of context \(endpoint.context ?? "?"), or name another context."
        case .dockerContext:
            return "Start the engine of context \(endpoint.context ?? "?") (`docker context ls` lists them), or unset DOCKER_CONTEXT."
        case .currentContext:
            return "Start the engine of context \(endpoint.context ?? "?"), or switch back with `docker context use default`."
        case .defaultSocket:
            if DockerClient.locateDaemon() == nil {
                return "Install the engine (`sudo apt-get install docker.io`) and start it (`sudo systemctl start docker`; in a dockerlings checkout, `make engine` also works where systemd does not); or start Docker Desktop."
            }
            return "Start it: `sudo systemctl start docker` (in a dockerlings checkout, `make engine` also works where systemd does not); with Docker Desktop, open it."
        }
    }

    /// The part of a DockerError that says what happened, without its advice.
    static func detail(of error: DockerError) -> String {
        switch error {
        case .engineUnavailable(_, let detail): return detail
        case .socketPermissionDenied(let socket): return "permission denied on \(socket)"
        case .timedOut(_, let seconds): return "no answer within \(Int(seconds)) s"
        default: return firstSentence(error.description)
        }
    }

    static func firstSentence(_ text: String) -> String {
        guard let end = text.range(of: ". ") else { return text }
        return String(text[..<end.lowerBound]) + "."
    }
}

extension Result where Failure == DockerError {
    var failureText: String? {
        if case .failure(let error) = self { return error.description }
        return nil
    }
}

extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
