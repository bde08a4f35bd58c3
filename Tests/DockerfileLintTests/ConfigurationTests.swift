import DockerfileLint
import Foundation
import Testing

@Suite struct ConfigurationTests {
    @Test func readsHadolintYAMLAsIs() throws {
        let yaml = """
            ignored:
              - DL3008
            override:
              error: [DL3015]
              style: [DL3015]
            trustedRegistries: [docker.io, "*.corp"]
            failure-threshold: warning
            label-schema:
              maintainer: email
            strict-labels: true
            """
        let c = try ConfigurationLoader.parse(yaml)
        #expect(c.ignored == ["DL3008"])
        #expect(c.overrides["DL3015"] == .error, "the highest level wins when a code is listed twice")
        #expect(c.trustedRegistries == ["docker.io", "*.corp"])
        #expect(c.failureThreshold == .warning)
        #expect(c.labelSchema == ["maintainer": "email"])
        #expect(c.strictLabels)
    }

    @Test func badSettingsSayWhatToFix() {
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.parse("failure-threshold: loud\n") }
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.parse("colour: true\n") }
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.parse("override:\n  fatal: [DL3000]\n") }
    }

    @Test func inlinePragmasCoverTheNextLineOnly() {
        let text = """
            FROM debian:12
            # hadolint ignore=DL3003
            RUN cd /a
            # dockerlings ignore=DL3003,DL3059
            RUN cd /b

            RUN cd /c
            """
        let lines = Linter().lint(Array(text.utf8), file: "Dockerfile").findings.filter { $0.code == "DL3003" }.map(\.line)
        #expect(lines == [7])
    }

    @Test func globalAndStagePragmas() {
        let global = "FROM debian:12\nRUN cd /a\n# hadolint global ignore=DL3003\n"
        #expect(!Linter().lint(Array(global.utf8), file: "D").findings.contains { $0.code == "DL3003" })
        // hadolint's stage pragma skips the line right after it (PRAGMA-11), then covers the stage.
        let stage = "FROM debian:12\n# hadolint stage ignore=DL3003\nRUN cd /a\nRUN cd /b\nFROM debian:12\nRUN cd /c\n"
        let lines = Linter().lint(Array(stage.utf8), file: "D").findings.filter { $0.code == "DL3003" }.map(\.line)
        #expect(lines == [3, 6])
    }

    @Test func disableIgnorePragma() {
        var c = LintConfiguration()
        c.disableIgnorePragma = true
        let text = "FROM debian:12\n# hadolint ignore=DL3003\nRUN cd /a\n"
        #expect(Linter(configuration: c).lint(Array(text.utf8), file: "D").findings.contains { $0.code == "DL3003" })
    }

    @Test func flagsAddToTheFileAndAGivenFlagWins() throws {
        var file = LintConfiguration()
        file.ignored = ["DL3008"]
        file.override("DL3009", to: .error)
        file.labelSchema = ["version": "text"]
        file.failureThreshold = .warning
        file.format = "json"
        var flags = LintFlags()
        flags.ignored = ["DL3015"]
        flags.overrides = [(code: "DL3009", severity: .info), (code: "DL3020", severity: .style), (code: "DL3020", severity: .warning)]
        flags.requiredLabels = ["version:semver", "url:url"]
        flags.failureThreshold = .error
        let merged = try file.applying(flags)
        #expect(merged.ignored == ["DL3008", "DL3015"])
        // A code named twice, in the file or the flags, keeps its highest level.
        #expect(merged.overrides == ["DL3009": .error, "DL3020": .warning])
        #expect(merged.labelSchema == ["version": "semver", "url": "url"])
        #expect(merged.failureThreshold == .error)
        // Not given: the file's stands.
        #expect(merged.format == "json" && merged.shellcheck == .auto)
    }

    @Test func aRequiredLabelWithoutANameIsAnErrorNotACrash() throws {
        for bad in [":", ":email", " :url", "maintainer"] {
            var flags = LintFlags()
            flags.requiredLabels = ["version:semver", bad]
            #expect(throws: ConfigurationError.self, "\(bad)") { try LintConfiguration().applying(flags) }
        }
        // An empty type is text, as in the config file.
        var flags = LintFlags()
        flags.requiredLabels = ["maintainer:"]
        #expect(try LintConfiguration().applying(flags).labelSchema == ["maintainer": ""])
    }
}
