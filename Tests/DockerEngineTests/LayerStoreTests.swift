import Foundation
import Testing
import DockerEngine
import ImageAnalysis
import TestSupport

/// Reading images from the engine's layer store (no export) on the real engine: the same
/// analysis as the `docker save` archive, member for member, and a fallback that says why.
@Suite(.enabled(if: DockerTestEngine.shouldRun)) struct LayerStoreTests {
    @Test func theLayerStoreGivesExactlyTheArchivesAnalysis() async throws {
        var client = try Fixtures.client()
        let base = try await Fixtures.baseImage(client)
        let opaque = """
            FROM \(base)
            RUN mkdir -p /dir/sub && echo a > /dir/a && echo b > /dir/sub/b && echo keep > /keep && ln /keep /keep-link
            RUN rm -rf /dir && mkdir /dir && echo c > /dir/c && rm /keep-link
            """
        let dockerfiles = [Fixtures.multiStage(base: base, megabytes: 2), opaque] + DiveAgreementTests.dockerfiles(base: base).dropFirst()
        var sawOpaque = false, sawWhiteout = false, sawHardLink = false
        for (index, dockerfile) in dockerfiles.enumerated() {
            let context = try Fixtures.context(dockerfile)
            defer { try? FileManager.default.removeItem(at: context) }
            let tag = "dockerlings-test-store\(index):\(client.session)"
            _ = try await client.build(BuildRequest(contextDirectory: context, tag: tag, networkNone: true))
            let instructions = try Fixtures.instructions(dockerfile)

            client.analysisSource = .layerStore
            let store = try await client.analyze(image: tag, instructions: instructions)
            client.analysisSource = .archive
            let archive = try await client.analyze(image: tag, instructions: instructions)
            client.analysisSource = .automatic
            let automatic = try await client.analyze(image: tag, instructions: instructions)

            #expect(store.report.source.hasPrefix("layer store (overlay2)"), "\(store.report.source)")
            #expect(archive.report.source == "docker save archive")
            #expect(automatic.report.source == store.report.source && automatic.report.sourceNote == nil)
            #expect(store.report.sizeBytes == archive.report.sizeBytes && store.report.sizeBytes > 0)
            #expect(store.report.wastedBytes == archive.report.wastedBytes)
            #expect(store.report.efficiency == archive.report.efficiency)
            #expect(store.report.layers.map(\.diffID) == archive.report.layers.map(\.diffID))
            #expect(store.report.layers.map(\.tarBytes) == archive.report.layers.map(\.tarBytes))
            #expect(store.report.layers.map(\.line) == archive.report.layers.map(\.line))
            #expect(store.layers.count == archive.layers.count)
            for (mine, theirs) in zip(store.layers, archive.layers) {
                #expect(mine.entries == theirs.entries, "image \(index): a layer's members differ")
            }
            // Everything else in the report too (where it was read from aside).
            #expect(store.report.ignoringSource == archive.report.ignoringSource, "image \(index)")
            let entries = store.layers.flatMap(\.entries)
            sawOpaque = sawOpaque || entries.contains { $0.isOpaqueMarker && $0.path == "dir" }
            sawWhiteout = sawWhiteout || entries.contains { $0.isWhiteout }
            sawHardLink = sawHardLink || entries.contains { $0.kind == .hardLink }
        }
        #expect(sawOpaque, "`rm -rf /dir && mkdir /dir` makes an opaque directory")
        #expect(sawWhiteout && sawHardLink)
        _ = try await client.cleanUp()
    }

    @Test func anUnreadableStoreFallsBackToTheArchiveAndSaysWhy() async throws {
        var client = try Fixtures.client()
        let base = try await Fixtures.baseImage(client)
        // A data directory that is not the engine's: nothing of the image is there.
        let elsewhere = try RepoPaths.temporaryDirectory("not-docker-root")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        client.layerStoreRoot = elsewhere.path
        let report = try await client.analyze(image: base).report
        #expect(report.source == "docker save archive")
        let note = try #require(report.sourceNote)
        #expect(note.contains("layer store not read: cannot read \(elsewhere.path)/image/overlay2/imagedb/content/sha256/"), "\(note)")
        #expect(note.contains("No such file or directory"))
        #expect(report.sizeBytes > 1_000_000)

        // The store's own read honours a timeout too.
        var hurried = try Fixtures.client()
        hurried.analysisSource = .layerStore
        await #expect(throws: DockerError.timedOut(operation: "reading the layer store", seconds: 1e-9)) {
            _ = try await hurried.analyze(image: base, timeout: .nanoseconds(1))
        }

        // Asked for explicitly, the store's absence is an error that says what to do.
        client.analysisSource = .layerStore
        do {
            _ = try await client.analyze(image: base)
            Issue.record("the layer store should be unavailable")
        } catch DockerError.layerStoreUnavailable(let reason) {
            #expect(reason.contains(elsewhere.path))
            #expect(DockerError.layerStoreUnavailable(reason: reason).description.contains("--source archive"))
        }
        // No such image: the engine's answer, whichever source.
        await #expect(throws: DockerError.notFound(what: "image dockerlings-no-such-image:0")) {
            _ = try await client.analyze(image: "dockerlings-no-such-image:0")
        }
        _ = try await client.cleanUp()
    }

    @Test func aRemoteEngineIsNeverReadFromLocalFiles() async throws {
        var client = try Fixtures.client(host: "tcp://127.0.0.1:9")
        client.analysisSource = .layerStore
        do {
            _ = try await client.analyze(image: "anything:1")
            Issue.record("a tcp engine's layer store is not here")
        } catch DockerError.layerStoreUnavailable(let reason) {
            #expect(reason.contains("not on a local unix socket"))
        }
    }

    @Test func theCommandSaysHowTheImageWasRead() async throws {
        let binary = RepoPaths.product("dockerlings")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the dockerlings product first")
        let client = try Fixtures.client()
        let base = try await Fixtures.baseImage(client)
        let text = try runProcess(binary, ["analyze", base])
        #expect(text.status == 0, "stderr: \(text.stderrText)")
        #expect(text.stdoutText.contains("Read from: layer store (overlay2)"))
        let archive = try runProcess(binary, ["analyze", base, "--source", "archive", "--format", "json"])
        #expect(archive.status == 0, "stderr: \(archive.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: archive.stdout) as? [String: Any])
        #expect(object["source"] as? String == "docker save archive")
        let wrong = try runProcess(binary, ["analyze", base, "--source", "disk"])
        #expect(wrong.status != 0 && wrong.stderrText.contains("layer-store"))
        _ = try await client.cleanUp()
    }
}
