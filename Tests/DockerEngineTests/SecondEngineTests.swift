import Foundation
import Testing
import DockerEngine
import ImageAnalysis
import TestSupport

/// Starts a second dockerd (TestSupport's SecondDaemon) on its own socket and state (data root, exec root, pid file,
/// containerd namespaces; no bridge, no iptables) in a network namespace of its own, and proves
/// that DOCKER_HOST sends the build there and only there. Afterwards the default engine must
/// still have its bridge and publish a port: a dockerd started with --bridge=none in the host's
/// namespace deletes the host's docker0 as it starts.
@Suite(.enabled(if: DockerTestEngine.shouldRun)) struct SecondEngineTests {
    @Test func dockerHostSendsTheBuildToTheOtherEngine() async throws {
        guard let dockerd = DockerClient.locateDaemon() else {
            Issue.record("dockerd is needed to start a second engine (apt-get install docker.io)")
            return
        }
        guard let unshare = SecondDaemon.locateUnshare() else {
            Issue.record("unshare (util-linux) is needed to give the second engine a network namespace of its own")
            return
        }
        let daemon = try SecondDaemon.start(dockerd: dockerd, unshare: unshare)
        let outcome: Result<Void, any Error>
        do {
            try await daemon.waitUntilAnswering()
            try await exercise(daemon)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        // On every path: the daemon, everything in its namespace, its mounts and files go first...
        for problem in daemon.stop() { Issue.record("\(problem)") }
        // ...then the default engine must be as it was.
        try await HostEngine.expectIntact(Fixtures.client(), context: "after a second dockerd ran and stopped")
        try outcome.get()
    }

    private func exercise(_ daemon: SecondDaemon) async throws {
        // Its own network namespace, not this one: nothing it does to interfaces reaches ours.
        #expect(daemon.namespace != nil, "the second dockerd runs in this network namespace (\(daemon.namespaceSeen ?? "unreadable")), not one of its own")

        let other = try Fixtures.client(host: daemon.host)
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
        #expect(other.archiveSocket == daemon.socket)
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

