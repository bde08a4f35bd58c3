import DockerfileLint
import Testing

/// BuildKit's variable checks read `$VAR` as BuildKit expands it (DockerfileSyntax's
/// ShellLexer and BuildEnvironment), not with a scanner of their own.
@Suite struct BuildKitExpansionTests {
    func lines(_ code: String, _ dockerfile: String) -> [Int] {
        Linter().lint(Array(dockerfile.utf8), file: "Dockerfile").findings.filter { $0.code == code }.map(\.line)
    }

    @Test func argDefaultsAreExpandedAsBuildKitExpandsThem() {
        // A default made of other ARGs gives a valid image (10 corpus files do this).
        #expect(lines("InvalidDefaultArgInFrom", "ARG REGISTRY=quay.io\nARG BASE=$REGISTRY/jupyter/base\nFROM $BASE\n") == [])
        // The platform ARGs have values in every build.
        #expect(lines("InvalidDefaultArgInFrom", "FROM ${TARGETARCH}/alpine:3.20\n") == [])
        #expect(lines("InvalidDefaultArgInFrom", "ARG TAG\nFROM busybox:${TAG}\n") == [2])
        #expect(lines("UndefinedArgInFrom", "FROM alpine:${TARGETOSVERSION}\nFROM node:22${VARIANT}\n") == [2])
    }

    @Test func quotesAndTheEscapeDirectiveDecideWhatExpands() {
        let base = "FROM scratch\nENV APP_HOME=/app\n"
        #expect(lines("UndefinedVar", base + "ENV A=$APP_HOEM\nENV B='$APP_HOEM'\nENV C=\\$APP_HOEM\nENV D=${NOPE:-$APP_HOEM}\n") == [3, 6])
        // With the backtick as escape character, `\` is an ordinary character.
        #expect(lines("UndefinedVar", "# escape=`\n" + base + "ENV A=\\$APP_HOEM\nENV B=`$APP_HOEM\n") == [4])
    }
}

/// BuildKit's checks report a line, not words: through the rule helper they keep that
/// placement (column 1, nothing narrower), as their output always had.
@Suite struct BuildKitPlacementTests {
    @Test func buildKitChecksNameALineNotWords() throws {
        let findings = Linter().lint(Array("FROM alpine:3.20 AS Base\n  EXPOSE 80/TCP\n  LABEL Maintainer=me\n".utf8), file: "Dockerfile").findings
        for code in ["StageNameCasing", "ExposeProtoCasing", "DL3048"] {
            let finding = try #require(findings.first { $0.code == code })
            #expect(finding.span == nil && finding.column == 1, "\(code)")
        }
    }
}
