import Foundation
import Testing
import DockerEngine
import ImageAnalysis
import TestSupport

@Suite(.enabled(if: DockerTestEngine.shouldRun)) struct BuildTests {
    @Test func engineIsDiscovered() async throws {
        let client = try Fixtures.client()
        let info = try await client.engineInfo()
        #expect(!info.serverVersion.isEmpty)
        #expect(!info.apiVersion.isEmpty)
        #expect(info.storageDriver != nil)
    }

    @Test func multiStageBuildIsMeasuredSavedAnalysedAndCleanedUp() async throws {
        let client = try Fixtures.client()
        let base = try await Fixtures.baseImage(client)
        let dockerfile = Fixtures.multiStage(base: base)
        let context = try Fixtures.context(dockerfile)
        defer { try? FileManager.default.removeItem(at: context) }
        let events = EventLog()
        let built = try await client.build(BuildRequest(contextDirectory: context, tag: "dockerlings-test-app:\(client.session)",
                                                        networkNone: true, instructions: try Fixtures.instructions(dockerfile)),
                                           onEvent: { events.append($0) })
        #expect(built.imageID.hasPrefix("sha256:"))
        let started = events.all.filter { $0.kind == .stepStarted }
        // The 7 instructions, then the classic builder's own step that applies --label.
        #expect(started.count == 8)
        #expect(started.first?.total == 8)
        #expect(started.last?.instruction?.hasPrefix("LABEL \(DockerClient.labelKey)") == true)
        #expect(started.contains { $0.instruction?.hasPrefix("COPY --from=builder") == true })
        #expect(events.all.contains { $0.kind == .output && $0.text == "built" })

        let details = try await client.inspectImage(built.imageID)
        #expect(details.cmd == ["cat", "/app/artifact"])
        #expect(details.labels[DockerClient.labelKey] == client.session)
        let history = try await client.history(built.imageID)
        #expect(history.contains { $0.createdBy.contains("echo built") })

        let analysis = try await client.analyze(image: built.imageID, instructions: try Fixtures.instructions(dockerfile))
        let report = analysis.report
        // The 8 MB of junk stayed in the builder stage: the image is the base plus a few bytes.
        #expect(report.sizeBytes < 3_000_000)
        try #require(report.layers.count == 3)  // base, COPY, RUN
        #expect(report.layers[1].line == 6)
        #expect(report.layers[2].line == 7)
        #expect(report.layers[1].sizeBytes == Int64("artifact\nmore\n".utf8.count))
        #expect(report.layers[2].sizeBytes == Int64("artifact\nmore\n".utf8.count))

        let ran = try await client.run(RunRequest(image: built.imageID, memory: "64m", cpus: 0.5, pidsLimit: 32,
                                                  networkNone: true, timeout: .seconds(30)))
        #expect(ran.exitCode == 0)
        #expect(ran.stdout == "artifact\nmore\n")

        let removed = try await client.cleanUp()
        #expect(removed.images.contains(built.imageID))
        let left = try await client.labelled()
        #expect(left.containers.isEmpty && left.images.isEmpty)
    }

    /// The images a classic build commits are those of the steps that ran, each on the one
    /// before: not FROM's base, not what came from the cache.
    @Test func aBuildListsTheImagesItMadeNotThoseFromTheCache() async throws {
        let client = try Fixtures.client()
        let base = try await Fixtures.baseImage(client)
        let context = try Fixtures.context("FROM \(base)\nRUN echo \(client.session) > /id\nENV A=1\nCMD [\"cat\", \"/id\"]\n")
        defer { try? FileManager.default.removeItem(at: context) }
        let first = try await client.build(BuildRequest(contextDirectory: context, networkNone: true))
        // RUN, ENV, CMD and the LABEL step the client's label adds.
        #expect(first.createdImages.count == 4, "\(first.createdImages)")
        #expect(first.createdImages.last.map { first.imageID.hasPrefix("sha256:" + $0) } == true)
        for (parent, child) in zip(first.createdImages, first.createdImages.dropFirst()) {
            let inspected = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["docker", "image", "inspect", "--format", "{{.Parent}}", child])
            #expect(inspected.stdoutText.hasPrefix("sha256:" + parent))
        }
        let again = try await client.build(BuildRequest(contextDirectory: context, networkNone: true))
        #expect(again.cacheHits == 4 && again.createdImages.isEmpty && again.imageID == first.imageID)
        _ = try await client.cleanUp()
    }

    @Test func failingStepIsMappedToItsLineWithTheOutputTail() async throws {
        let client = try Fixtures.client()
        let base = try await Fixtures.baseImage(client)
        let dockerfile = """
            FROM \(base)
            RUN echo preparing \\
                && echo still preparing

            RUN echo about to fail && echo 'no such thing' >&2 && false
            RUN echo never
            """
        let context = try Fixtures.context(dockerfile)
        defer { try? FileManager.default.removeItem(at: context) }
        do {
            _ = try await client.build(BuildRequest(contextDirectory: context, networkNone: true, instructions: try Fixtures.instructions(dockerfile)))
            Issue.record("the build should fail")
        } catch DockerError.buildStepFailed(let failure) {
            #expect(failure.line == 5, "the continued RUN is one instruction")
            #expect(failure.exitCode == 1)
            #expect(failure.outputTail.contains("about to fail"))
            #expect(failure.outputTail.contains("no such thing"))
            #expect(failure.description.contains("line 5"))
        }
        _ = try await client.cleanUp()
        #expect(try Fixtures.containers(derivedFrom: base).isEmpty)
    }

    @Test func missingBaseImageSaysItCannotBePulled() async throws {
        let client = try Fixtures.client()
        let dockerfile = "FROM dockerlings-no-such-image-anywhere:0.0.1\nRUN true\n"
        let context = try Fixtures.context(dockerfile)
        defer { try? FileManager.default.removeItem(at: context) }
        do {
            _ = try await client.build(BuildRequest(contextDirectory: context, instructions: try Fixtures.instructions(dockerfile)))
            Issue.record("the build should fail")
        } catch DockerError.baseImageUnavailable(let image, _, _) {
            #expect(image.contains("dockerlings-no-such-image-anywhere"))
        }
    }

    @Test func buildTimesOutAndLeavesNothingHalfMade() async throws {
        let client = try Fixtures.client()
        let base = try await Fixtures.baseImage(client)
        let tag = "dockerlings-test-slow:\(client.session)"
        let dockerfile = "FROM \(base)\nRUN sleep 300\n"
        let context = try Fixtures.context(dockerfile)
        defer { try? FileManager.default.removeItem(at: context) }
        let started = Date()
        await #expect(throws: DockerError.timedOut(operation: "The build", seconds: 3)) {
            _ = try await client.build(BuildRequest(contextDirectory: context, tag: tag, networkNone: true, timeout: .seconds(3)))
        }
        // Near the 3 s, long before the step's 300 s (loose: a loaded engine is slow).
        #expect(Date().timeIntervalSince(started) < 150)
        try await expectNothingLeft(base: base, tag: tag)
        _ = try await client.cleanUp()
    }

    @Test func cancellingABuildStopsItAndLeavesNothingHalfMade() async throws {
        let client = try Fixtures.client()
        let base = try await Fixtures.baseImage(client)
        let tag = "dockerlings-test-cancel:\(client.session)"
        let dockerfile = "FROM \(base)\nRUN echo started && sleep 300\n"
        let context = try Fixtures.context(dockerfile)
        defer { try? FileManager.default.removeItem(at: context) }
        let running = Flag()
        let task = Task {
            try await client.build(BuildRequest(contextDirectory: context, tag: tag, networkNone: true),
                                   onEvent: { if $0.kind == .output && $0.text == "started" { running.set() } })
        }
        for _ in 0..<200 where !running.isSet { try await Task.sleep(for: .milliseconds(100)) }
        #expect(running.isSet)
        let started = Date()
        task.cancel()  // what Ctrl-C does in the CLI
        await #expect(throws: DockerError.cancelled(operation: "The build")) { _ = try await task.value }
        // Long before the step would have ended (the bound is loose: a loaded engine is slow).
        #expect(Date().timeIntervalSince(started) < 150)
        try await expectNothingLeft(base: base, tag: tag)
        _ = try await client.cleanUp()
    }

    /// No container from the build is left (running or stopped) and the tag was not made.
    private func expectNothingLeft(base: String, tag: String) async throws {
        var left = try Fixtures.containers(derivedFrom: base)
        for _ in 0..<40 where !left.isEmpty {
            try await Task.sleep(for: .milliseconds(250))
            left = try Fixtures.containers(derivedFrom: base)
        }
        #expect(left.isEmpty, "containers left behind: \(left)")
        #expect(try !Fixtures.imageExists(tag))
    }

    @Test func runIsLimitedAndTimedOut() async throws {
        let client = try Fixtures.client()
        let base = try await Fixtures.baseImage(client)
        // Memory: a process that needs more than the limit is killed by the kernel.
        let hog = try await client.run(RunRequest(image: base, command: ["sh", "-c", "yes | head -c 60000000 | tail -c 50000000 > /dev/null"],
                                                  memory: "16m", timeout: .seconds(60)))
        #expect(hog.exitCode != 0)
        // pids: a fork bomb stops at the limit instead of taking the machine.
        let forks = try await client.run(RunRequest(image: base, command: ["sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do sleep 2 & done; wait"],
                                                    pidsLimit: 5, timeout: .seconds(60)))
        #expect(forks.exitCode != 0 || forks.stderr.contains("fork"))
        // Network: none means no interface but loopback.
        let net = try await client.run(RunRequest(image: base, command: ["cat", "/proc/net/dev"], networkNone: true))
        #expect(!net.stdout.contains("eth0"))
        // Timeout: the container is killed and removed.
        await #expect(throws: DockerError.timedOut(operation: "The container", seconds: 2)) {
            _ = try await client.run(RunRequest(image: base, command: ["sleep", "60"], timeout: .seconds(2)))
        }
        var left = try Fixtures.containers(derivedFrom: base)
        for _ in 0..<40 where !left.isEmpty {
            try await Task.sleep(for: .milliseconds(250))
            left = try Fixtures.containers(derivedFrom: base)
        }
        #expect(left.isEmpty)
        _ = try await client.cleanUp()
        let after = try await client.labelled()
        #expect(after.containers.isEmpty && after.images.isEmpty)
    }
}

final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [BuildEvent] = []
    func append(_ event: BuildEvent) { lock.withLock { events.append(event) } }
    var all: [BuildEvent] { lock.withLock { events } }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
