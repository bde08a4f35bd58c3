import Foundation
import Testing
import DockerEngine
import ImageAnalysis
import TestSupport

/// `dockerlings analyze` and `dockerlings measure` end to end, through the built binary.
@Suite(.enabled(if: DockerTestEngine.shouldRun)) struct AnalyzeCommandTests {
    @Test func analyzeGatesAndJSONAndMeasure() async throws {
        let binary = RepoPaths.product("dockerlings")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the dockerlings product first")
        let client = try Fixtures.client()
        let base = try await Fixtures.baseImage(client)
        let wasteful = """
            FROM \(base)
            RUN dd if=/dev/zero of=/big bs=1K count=500 2>/dev/null
            RUN rm /big && echo done > /done
            """
        let context = try Fixtures.context(wasteful)
        defer { try? FileManager.default.removeItem(at: context) }
        let tag = "dockerlings-test-analyze:\(client.session)"
        _ = try await client.build(BuildRequest(contextDirectory: context, tag: tag, networkNone: true))

        // JSON, gates failing under dive's names: exit 1.
        let json = try runProcess(binary, ["analyze", tag, "--format", "json", "--ci",
                                           "--dockerfile", context.appendingPathComponent("Dockerfile").path])
        #expect(json.status == 1, "stderr: \(json.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect((object["sizeBytes"] as? NSNumber)?.int64Value ?? 0 > 500_000)
        #expect((object["wastedBytes"] as? NSNumber)?.int64Value == 512_000)
        let efficiency = try #require((object["efficiency"] as? NSNumber)?.doubleValue)
        #expect(efficiency > 0 && efficiency < 1)
        let layers = try #require(object["layers"] as? [[String: Any]])
        #expect(layers.count == 3)
        #expect(layers.map { ($0["line"] as? NSNumber)?.intValue } == [nil, 2, 3])
        #expect(layers.allSatisfy { $0["sizeBytes"] != nil && $0["createdBy"] != nil })
        let gates = try #require(object["gates"] as? [[String: Any]])
        #expect(gates.contains { $0["rule"] as? String == "highestUserWastedPercent" && $0["status"] as? String == "fail" })

        // The same gates relaxed: exit 0. From a saved archive this time.
        let archive = context.appendingPathComponent("image.tar")
        let save = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["docker", "save", "-o", archive.path, tag])
        try #require(save.status == 0)
        let relaxed = try runProcess(binary, ["analyze", "--archive", archive.path, "--ci", "--lowestEfficiency", "0.1",
                                              "--highestUserWastedPercent", "disabled", "--highestWastedBytes", "1MB"])
        #expect(relaxed.status == 0, "stdout: \(relaxed.stdoutText) stderr: \(relaxed.stderrText)")
        #expect(relaxed.stdoutText.contains("PASS"))

        // A gate that could never (or always) fail is a usage error, before any image is read.
        for (option, value) in [("--lowestEfficiency", "1.5"), ("--highestUserWastedPercent", "-0.1"), ("--highestWastedBytes", "lots")] {
            let refused = try runProcess(binary, ["analyze", "dockerlings-no-such-image:0", "--ci", option, value])
            #expect(refused.status == 2 && refused.stderrText.contains(option) && refused.stderrText.contains("dockerlings analyze"), "\(refused.stderrText)")
        }

        // A missing image is a clear error, not a crash.
        let missing = try runProcess(binary, ["analyze", "dockerlings-no-such-image:0"])
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("does not exist"))

        // measure: a multi-stage build against the naive single-stage one.
        let measureDir = try Fixtures.context(Fixtures.multiStage(base: base, megabytes: 4))
        defer { try? FileManager.default.removeItem(at: measureDir) }
        let naive = """
            FROM \(base)
            RUN dd if=/dev/zero of=/junk bs=1M count=4 2>/dev/null && echo artifact > /artifact
            CMD ["cat", "/artifact"]
            """
        try naive.write(to: measureDir.appendingPathComponent("naive.Dockerfile"), atomically: true, encoding: .utf8)
        let measured = try runProcess(binary, ["measure", measureDir.appendingPathComponent("Dockerfile").path,
                                               "--baseline", measureDir.appendingPathComponent("naive.Dockerfile").path, "--network-none"])
        #expect(measured.status == 0, "stderr: \(measured.stderrText)")
        #expect(measured.stdoutText.contains("reduction:"))
        #expect(measured.stdoutText.contains("baseline:"))
        #expect(measured.stdoutText.contains("read from: layer store (overlay2)"))
        _ = try await client.cleanUp()
    }

    /// `--dockerfile` is read by DockerfileSyntax's parser: the escape directive, comments
    /// inside continuations, ONBUILD and heredocs all leave each layer on its own line.
    @Test func layersMapToTheParsedInstructionLines() async throws {
        let binary = RepoPaths.product("dockerlings")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the dockerlings product first")
        let client = try Fixtures.client()
        let base = try await Fixtures.baseImage(client)
        let escaped = """
            # escape=`
            ARG UNUSED=1
            FROM \(base) AS build
            RUN echo build > /b

            FROM \(base)
            # a comment above
            RUN dd if=/dev/zero of=/a bs=1K count=10 2>/dev/null `
                # a comment inside the continuation
                && echo one > /one
            ONBUILD RUN echo later
            COPY --from=build /b `
                 /b
            RUN rm /a
            """
        let context = try Fixtures.context(escaped)
        defer { try? FileManager.default.removeItem(at: context) }
        let tag = "dockerlings-test-lines:\(client.session)"
        _ = try await client.build(BuildRequest(contextDirectory: context, tag: tag, networkNone: true))

        func lines(_ dockerfile: String) throws -> [Int?] {
            let path = context.appendingPathComponent("check.Dockerfile")
            try dockerfile.write(to: path, atomically: true, encoding: .utf8)
            let result = try runProcess(binary, ["analyze", tag, "--format", "json", "--dockerfile", path.path])
            #expect(result.status == 0, "stderr: \(result.stderrText)")
            let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
            #expect((object["wastedBytes"] as? NSNumber)?.int64Value == 10_240)
            let layers = try #require(object["layers"] as? [[String: Any]])
            return layers.map { ($0["line"] as? NSNumber)?.intValue }
        }
        // The file it was built from: the RUN on line 8 spans to line 10, COPY spans 12-13.
        #expect(try lines(escaped) == [nil, 8, 12, 14])
        // The same steps written with a heredoc (BuildKit's syntax; the body is not instructions).
        let heredoc = """
            FROM \(base) AS build
            RUN echo build > /b
            FROM \(base)
            RUN <<EOF
            dd if=/dev/zero of=/a bs=1K count=10 2>/dev/null && echo one > /one
            EOF
            ONBUILD RUN echo later
            COPY --from=build /b /b
            RUN rm /a
            """
        #expect(try lines(heredoc) == [nil, 4, 8, 9])
        _ = try await client.cleanUp()
    }
}
