import Foundation
import Testing
import TestSupport

/// `dockerlings lint` with the inputs two BuildKit checks need: the build context's
/// `.dockerignore` (CopyIgnoredFile) and the local engine's base images
/// (InvalidBaseImagePlatform, `--base-images local`).
@Suite struct LintBuildKitInputsTests {
    let binary = RepoPaths.product("dockerlings")

    struct Reported: Decodable, Equatable {
        var code: String
        var line: Int
        var message: String
    }

    func lint(_ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil,
              in directory: URL? = nil) throws -> (status: Int32, findings: [Reported], stderr: String) {
        let result = try runProcess(binary, ["lint", "--format", "json", "--shellcheck", "never"] + arguments,
                                    stdin: stdin, environment: environment, currentDirectory: directory)
        let findings = (try? JSONDecoder().decode([Reported].self, from: result.stdout)) ?? []
        return (result.status, findings, result.stderrText)
    }

    func docker(_ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil) throws -> ProcessResult {
        try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["docker"] + arguments, environment: environment, currentDirectory: directory)
    }

    @Test func dockerignoreOfTheDockerfilesDirectoryOrTheGivenContext() throws {
        let root = try RepoPaths.temporaryDirectory("lint-context")
        defer { try? FileManager.default.removeItem(at: root) }
        let docker = root.appendingPathComponent("docker")
        try FileManager.default.createDirectory(at: docker, withIntermediateDirectories: true)
        let text = "FROM alpine:3.20\nCOPY secrets/key.pem /k\nCOPY vendor/lib /lib\n"
        let dockerfile = docker.appendingPathComponent("Dockerfile")
        try text.write(to: dockerfile, atomically: true, encoding: .utf8)
        try "secrets\n".write(to: root.appendingPathComponent(".dockerignore"), atomically: true, encoding: .utf8)
        try "vendor\n".write(to: docker.appendingPathComponent(".dockerignore"), atomically: true, encoding: .utf8)

        let own = try lint([dockerfile.path])
        #expect(own.findings.filter { $0.code == "CopyIgnoredFile" }
                == [Reported(code: "CopyIgnoredFile", line: 3, message: "Attempting to Copy file \"vendor/lib\" that is excluded by .dockerignore")])
        #expect(own.status == 1)

        let given = try lint(["--context", root.path, dockerfile.path])
        #expect(given.findings.filter { $0.code == "CopyIgnoredFile" }.map(\.line) == [2])

        // A relative path works from the current directory.
        let relative = try lint(["--context", ".", "docker/Dockerfile"], in: root)
        #expect(relative.findings.filter { $0.code == "CopyIgnoredFile" }.map(\.line) == [2])

        // Standard input has no context, unless one is given.
        let piped = try lint(["-"], stdin: Data(text.utf8), in: root)
        #expect(piped.findings.allSatisfy { $0.code != "CopyIgnoredFile" })
        let pipedWithContext = try lint(["--context", root.path, "-"], stdin: Data(text.utf8))
        #expect(pipedWithContext.findings.filter { $0.code == "CopyIgnoredFile" }.map(\.line) == [2])

        // A context that is not a directory is a usage error.
        let bad = try lint(["--context", root.appendingPathComponent("nope").path, dockerfile.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--context"))
    }

    /// Docker itself (the classic builder, which packs the context with the same pattern
    /// matcher) decides whether a file is excluded: the COPY fails exactly when ours fires.
    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func agreesWithWhatDockerLeavesOutOfTheContext() throws {
        let cases: [(pattern: String, path: String)] = [
            ("*/tmp/*", "tmp/a.txt"), ("*/tmp/*", "src/tmp/a.txt"), ("secrets", "secrets/key.pem"),
            ("**/*.pem", "a/b/key.pem"), ("*.md", "docs/a.md"), ("/docs/", "docs/a.md"), ("**foo", "barfoo"),
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_BUILDKIT"] = "0"
        var outcomes = Set<Bool>()
        for (pattern, path) in cases {
            let dir = try RepoPaths.temporaryDirectory("lint-ignore-truth")
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Content of its own: the classic builder caches a COPY by its content, and an
            // image another run shares would be removed from under it by that run's rmi.
            try "\(UUID().uuidString)\n".write(to: file, atomically: true, encoding: .utf8)
            try "\(pattern)\n".write(to: dir.appendingPathComponent(".dockerignore"), atomically: true, encoding: .utf8)
            try "FROM scratch\nCOPY \(path) /x\n".write(to: dir.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)

            let build = try docker(["build", "-q", "--network", "none", dir.path], environment: environment)
            let id = build.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
            if build.status == 0, !id.isEmpty { _ = try docker(["rmi", id]) }
            let dockerExcludes = build.status != 0
            outcomes.insert(dockerExcludes)
            if dockerExcludes { #expect(build.stderrText.contains("excluded") || build.stderrText.contains("not found"), "\(build.stderrText)") }

            let ours = try lint([dir.appendingPathComponent("Dockerfile").path])
            let fired = ours.findings.contains { $0.code == "CopyIgnoredFile" }
            #expect(fired == dockerExcludes, "pattern \(pattern), path \(path): docker excludes \(dockerExcludes), we fired \(fired)")
        }
        #expect(outcomes == [true, false], "the cases should include files Docker sends and files it leaves out")
    }

    /// Two images from one busybox rootfs: one imported as is (the engine's platform), one
    /// loaded with its config saying another architecture. `docker import --platform` does
    /// not set the architecture on this engine (20.10), so the second is made by editing the
    /// saved image's config and loading it back.
    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func baseImagePlatformsFromTheLocalEngine() throws {
        let dir = try RepoPaths.temporaryDirectory("lint-base-platform")
        defer { try? FileManager.default.removeItem(at: dir) }
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let native = "dockerlings-test-native:\(suffix)", foreign = "dockerlings-test-foreign:\(suffix)"
        defer { _ = try? docker(["rmi", native, foreign]) }

        let engineArch = try docker(["version", "--format", "{{.Server.Arch}}"]).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let foreignArch = engineArch == "arm64" ? "amd64" : "arm64"

        let rootfs = dir.appendingPathComponent("rootfs/bin")
        try FileManager.default.createDirectory(at: rootfs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: rootfs.appendingPathComponent("busybox").path)
        let tarball = dir.appendingPathComponent("rootfs.tar").path
        #expect(try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["tar", "-C", dir.appendingPathComponent("rootfs").path, "-cf", tarball, "."]).status == 0)
        let imported = try docker(["import", tarball, native])
        try #require(imported.status == 0, "\(imported.stderrText)")

        // Save, set another architecture in the config, load under the other tag.
        let saved = dir.appendingPathComponent("saved")
        try FileManager.default.createDirectory(at: saved, withIntermediateDirectories: true)
        try #require(try docker(["save", "-o", dir.appendingPathComponent("saved.tar").path, native]).status == 0)
        try #require(try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["tar", "-C", saved.path, "-xf", dir.appendingPathComponent("saved.tar").path]).status == 0)
        let manifestURL = saved.appendingPathComponent("manifest.json")
        var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [[String: Any]])
        let configURL = saved.appendingPathComponent(try #require(manifest[0]["Config"] as? String))
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        config["architecture"] = foreignArch
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
        manifest[0]["RepoTags"] = [foreign]
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        for extra in ["repositories", "index.json", "oci-layout"] {
            try? FileManager.default.removeItem(at: saved.appendingPathComponent(extra))
        }
        let edited = dir.appendingPathComponent("edited.tar").path
        #expect(try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["tar", "-C", saved.path, "-cf", edited, "."]).status == 0)
        let loaded = try docker(["load", "-i", edited])
        try #require(loaded.status == 0, "\(loaded.stderrText)")
        #expect(try docker(["image", "inspect", "--format", "{{.Architecture}}", foreign]).stdoutText.contains(foreignArch))

        let dockerfile = dir.appendingPathComponent("Dockerfile")
        try """
            FROM \(native) AS a
            FROM \(foreign) AS b
            FROM --platform=linux/\(foreignArch) \(foreign) AS c_\(foreignArch)
            FROM --platform=linux/\(foreignArch) \(native) AS d_\(foreignArch)
            FROM dockerlings-test-never-pulled:\(suffix)

            """.write(to: dockerfile, atomically: true, encoding: .utf8)

        let checked = try lint(["--base-images", "local", dockerfile.path])
        let platform = checked.findings.filter { $0.code == "InvalidBaseImagePlatform" }
        #expect(platform.map(\.line) == [2, 4])
        #expect(platform.first?.message
                == "Base image \(foreign) was pulled with platform \"linux/\(foreignArch)\", expected \"linux/\(engineArch)\" for current build")
        #expect(platform.last?.message
                == "Base image \(native) was pulled with platform \"linux/\(engineArch)\", expected \"linux/\(foreignArch)\" for current build")

        // Without asking the engine, nothing is known and nothing is flagged.
        let unasked = try lint([dockerfile.path])
        #expect(unasked.findings.allSatisfy { $0.code != "InvalidBaseImagePlatform" })
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func noEngineIsAnInputErrorThatSaysWhatToDo() throws {
        let dir = try RepoPaths.temporaryDirectory("lint-no-engine")
        defer { try? FileManager.default.removeItem(at: dir) }
        let dockerfile = dir.appendingPathComponent("Dockerfile")
        try "FROM busybox:1.36\n".write(to: dockerfile, atomically: true, encoding: .utf8)

        var unreachable = ProcessInfo.processInfo.environment
        unreachable["DOCKER_HOST"] = "unix://\(dir.path)/no-engine.sock"
        let down = try lint(["--base-images", "local", dockerfile.path], environment: unreachable)
        #expect(down.status == 2)
        #expect(down.stderr.contains("No Docker engine answers"))
    }

    @Test func noDockerCLIIsAnInputErrorThatSaysWhatToDo() throws {
        let dir = try RepoPaths.temporaryDirectory("lint-no-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let dockerfile = dir.appendingPathComponent("Dockerfile")
        try "FROM busybox:1.36\n".write(to: dockerfile, atomically: true, encoding: .utf8)
        var missing = ProcessInfo.processInfo.environment
        missing["DOCKERLINGS_DOCKER"] = dir.appendingPathComponent("no-docker").path
        let noCLI = try lint(["--base-images", "local", dockerfile.path], environment: missing)
        #expect(noCLI.status == 2)
        #expect(noCLI.stderr.contains("docker command was not found"))
    }
}
