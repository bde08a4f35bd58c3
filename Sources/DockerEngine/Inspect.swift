import Foundation

/// What `docker image inspect` says about an image, in the grader's terms.
public struct ImageDetails: Sendable, Equatable {
    public var id: String
    public var repoTags: [String]
    /// The engine's own size figure: depends on its storage driver (see ImageAnalysis for ours).
    public var engineSizeBytes: Int64
    public var user: String
    public var entrypoint: [String]
    public var cmd: [String]
    public var env: [String]
    public var workingDir: String
    public var exposedPorts: [String]
    /// The HEALTHCHECK test (`["CMD", "curl", ...]`), empty when none.
    public var healthcheck: [String]
    public var labels: [String: String]
    public var layerCount: Int
    /// The platform the image is for: `linux`, `amd64`, and a variant (`v7`) or "".
    public var os: String = ""
    public var architecture: String = ""
    public var variant: String = ""
}

/// One line of `docker history`.
public struct HistoryEntry: Sendable, Equatable {
    public var id: String
    public var createdBy: String
    public var sizeBytes: Int64
    public var comment: String
}

extension DockerClient {
    public func inspectImage(_ reference: String) async throws -> ImageDetails {
        let output = try await checked(["image", "inspect", "--format", "{{json .}}", reference], timeout: .seconds(60))
        struct Inspect: Decodable {
            struct Config: Decodable {
                var User: String?; var Entrypoint: [String]?; var Cmd: [String]?; var Env: [String]?
                var WorkingDir: String?; var ExposedPorts: [String: Empty]?; var Labels: [String: String]?
                var Healthcheck: Health?
            }
            struct Health: Decodable { var Test: [String]? }
            struct Empty: Decodable {}
            struct RootFS: Decodable { var Layers: [String]? }
            var Id: String; var RepoTags: [String]?; var Size: Int64?; var Config: Config?; var RootFS: RootFS?
            var Os: String?; var Architecture: String?; var Variant: String?
        }
        let line = output.stdoutText.split(separator: "\n").first.map(String.init) ?? ""
        let value: Inspect
        do { value = try JSONDecoder().decode(Inspect.self, from: Data(line.utf8)) } catch {
            throw DockerError.commandFailed(command: "docker image inspect \(reference)", status: 0, output: "unreadable answer: \(error)")
        }
        let c = value.Config
        return ImageDetails(id: value.Id, repoTags: value.RepoTags ?? [], engineSizeBytes: value.Size ?? 0,
                            user: c?.User ?? "", entrypoint: c?.Entrypoint ?? [], cmd: c?.Cmd ?? [], env: c?.Env ?? [],
                            workingDir: c?.WorkingDir ?? "", exposedPorts: (c?.ExposedPorts ?? [:]).keys.sorted(),
                            healthcheck: c?.Healthcheck?.Test ?? [], labels: c?.Labels ?? [:],
                            layerCount: value.RootFS?.Layers?.count ?? 0,
                            os: value.Os ?? "", architecture: value.Architecture ?? "", variant: value.Variant ?? "")
    }

    /// The image's history, oldest step first (docker prints newest first).
    public func history(_ reference: String) async throws -> [HistoryEntry] {
        let output = try await checked(["history", "--no-trunc", "--human=false", "--format", "{{json .}}", reference], timeout: .seconds(60))
        struct Row: Decodable { var ID: String?; var CreatedBy: String?; var Size: String?; var Comment: String? }
        var entries: [HistoryEntry] = []
        for line in output.stdoutText.split(separator: "\n") where line.hasPrefix("{") {
            guard let row = try? JSONDecoder().decode(Row.self, from: Data(line.utf8)) else { continue }
            entries.append(HistoryEntry(id: row.ID ?? "", createdBy: row.CreatedBy ?? "",
                                        sizeBytes: Int64(row.Size ?? "") ?? 0, comment: row.Comment ?? ""))
        }
        return entries.reversed()
    }
}

extension DockerClient {
    /// Inspects each image on this engine, all at once, and keeps the ones it has: an image
    /// that was never pulled (or a name that is not a valid reference) is simply left out.
    /// Engine-level failures (no engine, no permission, a timeout) are thrown.
    public func inspectLocalImages(_ references: [String]) async throws -> [String: ImageDetails] {
        try await withThrowingTaskGroup(of: (String, ImageDetails?).self) { group in
            for reference in Set(references) {
                group.addTask {
                    do {
                        return (reference, try await inspectImage(reference))
                    } catch DockerError.notFound, DockerError.commandFailed {
                        return (reference, nil)
                    }
                }
            }
            var found: [String: ImageDetails] = [:]
            for try await (reference, details) in group { found[reference] = details }
            return found
        }
    }
}
