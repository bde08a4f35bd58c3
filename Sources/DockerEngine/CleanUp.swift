import Foundation

/// What `cleanUp` removed.
public struct CleanUpSummary: Sendable, Equatable {
    public var containers: [String]
    public var images: [String]
}

extension DockerClient {
    /// Containers and images carrying this client's label (`dockerlings.managed=<session>`).
    public func labelled() async throws -> CleanUpSummary {
        let filter = "label=\(label)"
        let containers = try await checked(["ps", "--all", "--quiet", "--no-trunc", "--filter", filter]).stdoutText
            .split(separator: "\n").map(String.init)
        let images = try await checked(["images", "--all", "--quiet", "--no-trunc", "--filter", filter]).stdoutText
            .split(separator: "\n").map(String.init)
        return CleanUpSummary(containers: containers, images: Array(Set(images)).sorted())
    }

    /// Removes every container and image this client labelled: what the grader made, and
    /// nothing else. `keepBuildCache` removes the labelled images but not their untagged
    /// parents, which are the classic builder's cache: the next build of the same steps
    /// is then as quick as a learner's own rebuild.
    @discardableResult
    public func cleanUp(keepBuildCache: Bool = false) async throws -> CleanUpSummary {
        let found = try await labelled()
        if !found.containers.isEmpty {
            _ = try await execute(["rm", "--force", "--volumes"] + found.containers, timeout: .seconds(120))
        }
        // An image cannot go while images built on it remain: remove in rounds, children first
        // as they become removable, until nothing labelled is left or nothing more can go.
        var remaining = found.images
        for _ in 0..<8 where !remaining.isEmpty {
            let removed = try await execute(["image", "rm", "--force"] + (keepBuildCache ? ["--no-prune"] : []) + remaining, timeout: .seconds(120))
            if removed.status == 0 { break }  // every one went: nothing left to look for
            let now = try await labelled().images
            if now.count == remaining.count { break }
            remaining = now
        }
        return found
    }

    /// Loads a root file system tarball as an image (`docker import`), labelled like the rest.
    /// Tests use it to make base images with no registry.
    public func importImage(tarball: URL, tag: String) async throws -> String {
        let output = try await checked(["import", "--change", "LABEL \(label)", tarball.path, tag], timeout: .seconds(120))
        return output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Removes the images a build made (`BuildResult.createdImages`), children first, and
    /// nothing else: not their parents, which may be cache other builds reuse (`--no-prune`),
    /// and not an image something else still uses (no `--force`). For a build whose images
    /// no later build can reuse, such as one of a context changed at random.
    public func removeCreatedImages(of build: BuildResult) async throws {
        guard !build.createdImages.isEmpty else { return }
        _ = try await checked(["image", "rm", "--no-prune"] + build.createdImages.reversed(), timeout: .seconds(120))
    }

    /// Removes images by reference.
    public func removeImages(_ references: [String]) async throws {
        guard !references.isEmpty else { return }
        _ = try await execute(["image", "rm", "--force"] + references, timeout: .seconds(120))
    }
}
