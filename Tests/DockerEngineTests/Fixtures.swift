import Course
import DockerfileSyntax
import Foundation
import DockerEngine
import ImageAnalysis
import TestSupport

/// Base images with no registry: Debian's static busybox and a few links, `docker import`ed.
enum Fixtures {
    static let busybox = "/bin/busybox"
    static let applets = ["sh", "cat", "dd", "rm", "ls", "echo", "sleep", "mkdir", "cp", "true", "false", "head", "yes", "tail"]

    /// A client with its own label value, so clean-up checks see only this test's things.
    static func client(builder: DockerClient.Builder = .classic, executable: String? = nil, host: String? = nil) throws -> DockerClient {
        try DockerClient(executable: executable, host: host, builder: builder,
                         session: "test-\(UUID().uuidString.prefix(8).lowercased())")
    }

    /// Makes a busybox base image under a unique tag; returns the tag.
    static func baseImage(_ client: DockerClient) async throws -> String {
        let dir = try RepoPaths.temporaryDirectory("busybox-root")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = dir.appendingPathComponent("rootfs/bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: busybox, toPath: bin.appendingPathComponent("busybox").path)
        for applet in applets {
            try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent(applet).path, withDestinationPath: "busybox")
        }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("rootfs/tmp"), withIntermediateDirectories: true)
        let tarball = dir.appendingPathComponent("rootfs.tar")
        let tar = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["tar", "-C", dir.appendingPathComponent("rootfs").path, "-cf", tarball.path, "."])
        guard tar.status == 0 else { throw FixtureError.failed("tar: \(tar.stderrText)") }
        let tag = "dockerlings-test-base:\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await client.importImage(tarball: tarball, tag: tag)
        return tag
    }

    /// A build context with this Dockerfile text.
    static func context(_ dockerfile: String, files: [String: String] = [:]) throws -> URL {
        let dir = try RepoPaths.temporaryDirectory("build-context")
        try dockerfile.write(to: dir.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    /// The instructions with their lines, as the grader hands them over: the real parser
    /// (continuations, comments and heredocs as BuildKit reads them), then the course's adapter.
    static func instructions(_ dockerfile: String) throws -> [SourceInstruction] {
        SourceLines.instructions(try Dockerfile.parse(dockerfile))
    }

    /// A multi-stage Dockerfile: the builder makes `megabytes` of junk plus a small artifact;
    /// the final stage copies only the artifact.
    static func multiStage(base: String, megabytes: Int = 8) -> String {
        """
        FROM \(base) AS builder
        RUN dd if=/dev/zero of=/junk bs=1M count=\(megabytes) 2>/dev/null && echo artifact > /artifact
        RUN echo more >> /artifact

        FROM \(base)
        COPY --from=builder /artifact /app/artifact
        RUN echo built && cp /app/artifact /app/stamp
        CMD ["cat", "/app/artifact"]
        """
    }

    /// Every container on the engine derived from `image` (the classic builder's step containers are).
    static func containers(derivedFrom image: String, host: String? = nil) throws -> [String] {
        var env = ProcessInfo.processInfo.environment
        if let host { env["DOCKER_HOST"] = host }
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["docker", "ps", "-aq", "--filter", "ancestor=\(image)"], environment: env)
        return result.stdoutText.split(separator: "\n").map(String.init)
    }

    static func imageExists(_ reference: String) throws -> Bool {
        try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["docker", "image", "inspect", reference]).status == 0
    }

    static var diveExecutable: URL? {
        let scripts = try? runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import sysconfig;print(sysconfig.get_path('scripts'))"])
        let path = (scripts?.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") + "/dive"
        return FileManager.default.isExecutableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
    }

    enum FixtureError: Error { case failed(String) }
}
