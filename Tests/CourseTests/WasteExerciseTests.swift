import Course
import Foundation
import Testing
import TestSupport

/// The course's waste checks against a directory deleted and made again in a later RUN
/// (`rm -rf DIR && mkdir DIR`): that layer holds an opaque marker, not a whiteout per file,
/// and what it hides still ships in the layer that wrote it.
@Suite(.enabled(if: DockerTestEngine.shouldRun)) struct WasteExerciseTests {
    @Test func wastedLayersFailsAnArchiveHiddenByAnOpaqueDirectory() async throws {
        let t = try TestExercise.copy(of: "wasted-layers")
        defer { try? FileManager.default.removeItem(at: t.folder) }
        let report = try await t.grade("""
            FROM busybox:latest
            WORKDIR /opt
            COPY fetch-release.sh .
            RUN mkdir -p /tmp/dl && sh fetch-release.sh /tmp/dl/release.tar
            RUN tar -xf /tmp/dl/release.tar -C /opt
            RUN rm -rf /tmp/dl && mkdir /tmp/dl
            CMD ["sh", "/opt/release/greet.sh"]
            """)
        let layers = try #require(report.check("layers"))
        #expect(layers.status == .fail, "\(layers.detail ?? "")")
        #expect(layers.line == 4)
        let detail = layers.detail ?? ""
        #expect(detail.contains("line 4: RUN mkdir -p /tmp/dl") && detail.contains("in /tmp/dl"), "\(detail)")
        // The release still runs: only the waste check can tell.
        #expect(report.status("run") == .pass)
    }

    @Test func slimCleanFailsAptListsHiddenByAnOpaqueDirectory() async throws {
        let t = try TestExercise.copy(of: "slim-clean")
        defer { try? FileManager.default.removeItem(at: t.folder) }
        // No package index is reachable here: 2 MB stands in for what `apt-get update` writes.
        let report = try await t.grade("""
            FROM python:3.12-slim
            RUN mkdir -p /var/lib/apt/lists && head -c 2000000 /dev/zero > /var/lib/apt/lists/pkgs
            RUN rm -rf /var/lib/apt/lists && mkdir -p /var/lib/apt/lists
            WORKDIR /app
            COPY message.json .
            CMD ["jq", "-r", ".greeting", "message.json"]
            """)
        let layers = try #require(report.check("layers"))
        #expect(layers.status == .fail, "\(layers.detail ?? "")")
        #expect(layers.line == 2)
        #expect(layers.detail?.hasPrefix("2.0 MB wasted") == true, "\(layers.detail ?? "")")
        #expect(layers.detail?.contains("/var/lib/apt/lists") == true)
    }
}
