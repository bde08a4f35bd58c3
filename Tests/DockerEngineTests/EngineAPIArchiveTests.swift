import Foundation
import Testing
import DockerEngine
import ImageAnalysis
import TestSupport

/// Which way `analyze` reads an image's archive: straight from the Engine API socket when
/// the CLI would talk to that socket, else through `docker save`.
@Suite struct ArchiveTransportChoiceTests {
    private func client(_ environment: [String: String], context: String? = nil) throws -> DockerClient {
        var env = environment
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        env["HOME"] = env["HOME"] ?? "/nonexistent-home"
        return try DockerClient(executable: "/bin/sh", context: context, environment: env)
    }

    @Test func theDefaultEngineIsReadFromItsSocket() throws {
        #expect(try client([:]).archiveSocket == "/var/run/docker.sock")
        #expect(try client(["DOCKER_CONTEXT": "default"]).archiveSocket == "/var/run/docker.sock")
    }

    @Test func aUnixDockerHostIsHonoured() throws {
        #expect(try client(["DOCKER_HOST": "unix:///tmp/other/d.sock"]).archiveSocket == "/tmp/other/d.sock")
        // DOCKER_HOST wins over DOCKER_CONTEXT in the CLI too.
        #expect(try client(["DOCKER_HOST": "unix:///tmp/d.sock", "DOCKER_CONTEXT": "remote"]).archiveSocket == "/tmp/d.sock")
    }

    @Test func anythingElseGoesThroughTheCLI() throws {
        #expect(try client(["DOCKER_HOST": "tcp://10.0.0.5:2375"]).archiveSocket == nil)
        #expect(try client(["DOCKER_HOST": "ssh://me@build-box"]).archiveSocket == nil)
        #expect(try client(["DOCKER_CONTEXT": "remote"]).archiveSocket == nil)
        #expect(try client([:], context: "remote").archiveSocket == nil)
        var forced = try client([:])
        forced.archiveTransport = .cli
        #expect(forced.archiveSocket == nil)
    }

    @Test func theCLIsCurrentContextIsRespected() throws {
        let dir = try RepoPaths.temporaryDirectory("docker-config")
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"auths": {}, "currentContext": "colima"}"#.write(to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        #expect(try client(["DOCKER_CONFIG": dir.path]).archiveSocket == nil)
        try #"{"currentContext": "default"}"#.write(to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        #expect(try client(["DOCKER_CONFIG": dir.path]).archiveSocket == "/var/run/docker.sock")
    }
}

/// The Engine API path on the real engine: the same analysis as through `docker save`,
/// typed errors, timeout and cancellation.
@Suite(.enabled(if: DockerTestEngine.shouldRun)) struct EngineAPIArchiveTests {
    @Test func theSocketAndTheCLIGiveTheSameAnalysis() async throws {
        var client = try Fixtures.client()
        client.analysisSource = .archive  // the archive's two transports, not the layer store
        try #require(client.archiveSocket != nil, "the test engine is the local one; its socket should be used")
        let base = try await Fixtures.baseImage(client)
        let dockerfile = Fixtures.multiStage(base: base, megabytes: 3) + "\nRUN rm /app/stamp\n"
        let context = try Fixtures.context(dockerfile)
        defer { try? FileManager.default.removeItem(at: context) }
        // A name that needs escaping in the query string (slash and colon).
        let tag = "dockerlings-test/api-path:\(client.session)"
        _ = try await client.build(BuildRequest(contextDirectory: context, tag: tag, networkNone: true))

        let viaSocket = try await client.analyze(image: tag, instructions: try Fixtures.instructions(dockerfile)).report
        var cli = client
        cli.archiveTransport = .cli
        let viaCLI = try await cli.analyze(image: tag, instructions: try Fixtures.instructions(dockerfile)).report
        #expect(viaSocket.sizeBytes == viaCLI.sizeBytes && viaSocket.sizeBytes > 0)
        #expect(viaSocket.wastedBytes == viaCLI.wastedBytes && viaSocket.wastedBytes > 0)
        #expect(viaSocket.efficiency == viaCLI.efficiency)
        #expect(viaSocket.layers.map(\.sizeBytes) == viaCLI.layers.map(\.sizeBytes))
        #expect(viaSocket.layers.map(\.line) == [nil, 6, 7, 9])

        // Bytes as the engine sends them: the archive, whole.
        let counted = ByteCounter()
        try await client.save(image: tag) { source in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
            defer { buffer.deallocate() }
            while case let n = try source.read(into: buffer), n > 0 { counted.add(n) }
        }
        let archive = context.appendingPathComponent("image.tar")
        let save = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["docker", "save", "-o", archive.path, tag])
        try #require(save.status == 0)
        let onDisk = try FileManager.default.attributesOfItem(atPath: archive.path)[.size] as? Int
        #expect(counted.total == onDisk)
        _ = try await client.cleanUp()
    }

    @Test func aMissingImageIsNotFoundThroughTheSocket() async throws {
        let client = try Fixtures.client()
        try #require(client.archiveSocket != nil)
        await #expect(throws: DockerError.notFound(what: "image dockerlings-no-such-image:0")) {
            _ = try await client.analyze(image: "dockerlings-no-such-image:0")
        }
    }

    @Test func aSocketWithNoEngineFallsBackToTheCLIsAdvice() async throws {
        let dir = try RepoPaths.temporaryDirectory("no-engine")
        defer { try? FileManager.default.removeItem(at: dir) }
        let client = try Fixtures.client(host: "unix://\(dir.path)/nothing.sock")
        #expect(client.archiveSocket == "\(dir.path)/nothing.sock")
        do {
            _ = try await client.analyze(image: "anything:1")
            Issue.record("no engine should answer")
        } catch DockerError.engineUnavailable(let host, _) {
            #expect(host.contains("nothing.sock"))
        }
    }

    @Test func aTimeoutOrCancellationStopsTheRead() async throws {
        var archiveOnly = try Fixtures.client()
        archiveOnly.analysisSource = .archive  // the archive stream's timeout and cancel
        let client = archiveOnly
        try #require(client.archiveSocket != nil)
        let base = try await Fixtures.baseImage(client)
        let dockerfile = "FROM \(base)\nRUN dd if=/dev/zero of=/big bs=1M count=40 2>/dev/null\n"
        let context = try Fixtures.context(dockerfile)
        defer { try? FileManager.default.removeItem(at: context) }
        let built = try await client.build(BuildRequest(contextDirectory: context, networkNone: true))

        await #expect(throws: DockerError.timedOut(operation: "docker save", seconds: 0.001)) {
            _ = try await client.analyze(image: built.imageID, timeout: .milliseconds(1))
        }
        // A reader that stops partway: cancel the task while the archive streams.
        let started = ByteCounter()
        let task = Task {
            try await client.save(image: built.imageID) { source in
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 12, alignment: 8)
                defer { buffer.deallocate() }
                while case let n = try source.read(into: buffer), n > 0 {
                    started.add(n)
                    usleep(1_000)  // slow enough that the cancel lands mid-stream
                }
            }
        }
        for _ in 0..<400 where started.total == 0 { try await Task.sleep(for: .milliseconds(25)) }
        task.cancel()  // what Ctrl-C does in the CLI
        await #expect(throws: DockerError.cancelled(operation: "docker save")) { try await task.value }
        #expect(started.total > 0 && started.total < 40 << 20)
        // The engine is still fine afterwards.
        #expect(try await client.analyze(image: built.imageID).report.sizeBytes >= 40 << 20)
        _ = try await client.cleanUp()
    }
}

private final class ByteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) { lock.withLock { count += n } }
    var total: Int { lock.withLock { count } }
}
