import Foundation
import Testing
import DockerEngine
import ImageAnalysis
import TestSupport

/// A directory deleted and made again in one RUN: the engine writes an opaque marker
/// (`d/.wh..wh..opq`) in that layer, in its layer store's tar-split record and in its
/// `docker save` archive alike. Both readers must hide what the layers below put there.
@Suite(.enabled(if: DockerTestEngine.shouldRun)) struct OpaqueWhiteoutTests {
    @Test func filesHiddenByAnOpaqueDirectoryAreWastedNotShipped() async throws {
        var client = try Fixtures.client()
        let base = try await Fixtures.baseImage(client)
        let dockerfile = """
            FROM \(base)
            RUN mkdir -p /d && head -c 3000000 /dev/zero > /d/f
            RUN rm -rf /d && mkdir -p /d && echo new > /d/n
            """
        let context = try Fixtures.context(dockerfile)
        defer { try? FileManager.default.removeItem(at: context) }
        let tag = "dockerlings-test-opaque:\(client.session)"
        _ = try await client.build(BuildRequest(contextDirectory: context, tag: tag, networkNone: true))
        let instructions = try Fixtures.instructions(dockerfile)
        for source in [AnalysisSource.layerStore, .archive] {
            client.analysisSource = source
            let analysis = try await client.analyze(image: tag, instructions: instructions)
            let report = analysis.report
            #expect(analysis.layers[2].entries.contains { $0.isOpaqueMarker && $0.path == "d" }, "\(source)")
            #expect(report.wastedBytes == 3_000_000, "\(source)")
            #expect(report.efficiency < 0.6, "\(source): \(report.efficiency)")
            #expect(report.inefficientFiles.map(\.path) == ["/d/f"], "\(source)")
            #expect(!report.largestFiles.contains { $0.path.hasPrefix("/d/f") }, "\(source): \(report.largestFiles.map(\.path))")
            #expect(report.largestFiles.contains { $0.path == "/d/n" }, "\(source)")
            let finding = try #require(report.findings.first, "\(source)")
            #expect(finding.line == 2 && finding.bytes == 3_000_000, "\(source): \(finding.message)")
        }
        _ = try await client.cleanUp()
    }
}
