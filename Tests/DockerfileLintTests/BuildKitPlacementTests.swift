import DockerfileLint
import Testing

/// The checks that report a line, not words (BuildKit's, and DL3048 on a label key): through
/// the rule helper they keep that placement (column 1, nothing narrower), as their output always had.
@Suite struct BuildKitPlacementTests {
    @Test func buildKitChecksNameALineNotWords() throws {
        let findings = Linter().lint(Array("FROM alpine:3.20 AS Base\n  EXPOSE 80/TCP\n  LABEL Maintainer=me\n".utf8), file: "Dockerfile").findings
        for code in ["StageNameCasing", "ExposeProtoCasing", "DL3048"] {
            let finding = try #require(findings.first { $0.code == code })
            #expect(finding.span == nil && finding.column == 1, "\(code)")
        }
    }
}
