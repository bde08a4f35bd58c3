import Foundation
import Testing
import DockerEngine
import ImageAnalysis
import TestSupport

/// Starts a second dockerd on its own socket and state (data root, exec root, pid file; no
/// bridge, no iptables) and proves that DOCKER_HOST sends the build there and only there.
@Suite(.enabled(if: DockerTestEngine.shouldRun)) struct SecondEngineTests {
    @Test func dockerHostSendsTheBuildToTheOtherEngine() async throws {
        guard let dockerd = DockerClient.locateDaemon() else {
            Issue.record("dockerd is needed to start a second engine (apt-get install docker.io)")
            return
        }
        // Short paths: a unix socket path must fit in 108 bytes.
        let root = URL(fileURLWithPath: "/tmp/dl2-\(UUID().uuidString.prefix(6).lowercased())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let socket = root.appendingPathComponent("d.sock").path
        let host = "unix://\(socket)"
        let log = root.appendingPathComponent("dockerd.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let daemon = Process()
        daemon.executableURL = dockerd
        daemon.arguments = ["--host", host, "--data-root", root.appendingPathComponent("data").path,
                            "--exec-root", root.appendingPathComponent("exec").path,
                            "--pidfile", root.appendingPathComponent("d.pid").path,
                            "--bridge=none", "--iptables=false", "--ip-masq=false"]
        daemon.standardOutput = try FileHandle(forWritingTo: log)
        daemon.standardError = try FileHandle(forWritingTo: log)
        try daemon.run()
        defer {
            daemon.interrupt()
            daemon.waitUntilExit()
            // The data root may hold overlay mounts until the daemon is gone; it is gone now.
            try? FileManager.default.removeItem(at: root)
        }

        let other = try Fixtures.client(host: host)
        var info: EngineInfo?
        for _ in 0..<120 where info == nil {
            info = try? await other.engineInfo(timeout: .seconds(5))
            if info == nil { try await Task.sleep(for: .milliseconds(250)) }
        }
        let log_ = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        try #require(info != nil, "the second dockerd did not answer: \(log_.suffix(1500))")

        let base = try await Fixtures.baseImage(other)
        let dockerfile = "FROM \(base)\nRUN echo on-the-second-engine > /where\n"
        let context = try Fixtures.context(dockerfile)
        defer { try? FileManager.default.removeItem(at: context) }
        let tag = "dockerlings-test-remote:\(other.session)"
        let built = try await other.build(BuildRequest(contextDirectory: context, tag: tag, networkNone: true))

        // The image is on the second engine...
        let there = try await other.inspectImage(tag)
        #expect(there.id == built.imageID)
        // ...and not on the default one.
        let here = try Fixtures.client()
        await #expect(throws: DockerError.self) { _ = try await here.inspectImage(tag) }
        #expect(try !Fixtures.imageExists(tag))

        // And the rest of the client follows it there too.
        let ran = try await other.run(RunRequest(image: tag, command: ["cat", "/where"], timeout: .seconds(30)))
        #expect(ran.stdout == "on-the-second-engine\n")
        // The archive is read from the second engine's own socket (the image exists only there).
        #expect(other.archiveSocket == socket)
        let analysed = try await other.analyze(image: tag).report
        #expect(analysed.layers.count == 2 && analysed.sizeBytes > 0)
        // Its layer store is found where that engine says its data is (--data-root), not in
        // /var/lib/docker, and gives the same figures as its archive.
        #expect(analysed.source.hasPrefix("layer store"), "\(analysed.source) \(analysed.sourceNote ?? "")")
        var archiveOnly = other
        archiveOnly.analysisSource = .archive
        let archived = try await archiveOnly.analyze(image: tag).report
        #expect(archived.source == "docker save archive")
        #expect(archived.sizeBytes == analysed.sizeBytes && archived.layers.map(\.sizeBytes) == analysed.layers.map(\.sizeBytes))
        _ = try await other.cleanUp()
        let left = try await other.labelled()
        #expect(left.images.isEmpty && left.containers.isEmpty)
    }
}
