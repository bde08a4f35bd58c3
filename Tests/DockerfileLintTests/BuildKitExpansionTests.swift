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
        #expect(lines("UndefinedVar", base + "ENV A=$APP_HOEM\nENV B='$APP_HOEM'\nENV C=\\$APP_HOEM\nENV D=${APP_HOME:-$APP_HOEM}\n") == [3, 6])
        // Line 6: APP_HOME is defined, so only the `:-` default (scanned even when unused) has a typo.
        // With the backtick as escape character, `\` is an ordinary character.
        #expect(lines("UndefinedVar", "# escape=`\n" + base + "ENV A=\\$APP_HOEM\nENV B=`$APP_HOEM\n") == [4])
    }

    @Test func aFromThatDoesNotExpandEndsTheDefaultArgCheckAsInBuildKit() {
        // `${TAG:?}` fails to expand: BuildKit leaves the error to the build and checks no further FROM.
        #expect(lines("InvalidDefaultArgInFrom", "ARG TAG\nFROM busybox:${TAG:?}\n") == [])
        #expect(lines("InvalidDefaultArgInFrom", "ARG TAG\nFROM busybox:${TAG:?}\nFROM busybox:${TAG}\n") == [])
        // A global default that does not expand: BuildKit checks nothing.
        #expect(lines("InvalidDefaultArgInFrom", "ARG TAG\nARG OTHER=${TAG:?}\nFROM busybox:${TAG}\n") == [])
        // The FROMs before the failing one are checked.
        #expect(lines("InvalidDefaultArgInFrom", "ARG TAG\nFROM busybox:${TAG}\nFROM busybox:${TAG:?}\n") == [2])
    }

    @Test func baseImagesSeeEveryPlatformArgOfBuildEnvironment() {
        // TARGETOSVERSION and BUILDOSVERSION are defined (empty), so `-x` does not apply.
        #expect(BaseImages.references(in: Array("FROM img:1.0${TARGETOSVERSION-x}${BUILDOSVERSION-y}\n".utf8)) == ["img:1.0"])
        let arm = ImagePlatform(os: "linux", architecture: "arm", variant: "v7")
        #expect(BaseImages.references(in: Array("FROM img:${TARGETARCH}-${BUILDVARIANT}-${TARGETOS}\n".utf8), defaultPlatform: arm) == ["img:arm-v7-linux"])
    }

    @Test func aStageSeesPlatformArgsOnlyAfterItsOwnArg() {
        // BuildKit: the platform ARGs are global; `$TARGETARCH` in a stage needs `ARG TARGETARCH` there.
        #expect(lines("UndefinedVar", "FROM scratch\nCOPY app-$TARGETARCH /\n") == [2])
        #expect(lines("UndefinedVar", "FROM alpine:3.20\nCOPY app-${TARGETARCH} /app\n") == [2])
        #expect(lines("UndefinedVar", "FROM scratch\nARG TARGETARCH\nCOPY app-$TARGETARCH /\n") == [])
        #expect(lines("UndefinedVar", "ARG TARGETARCH\nFROM scratch\nCOPY app-$TARGETARCH /\n") == [3])
        // The advice says what is missing: the stage's own ARG, not "the stage starts from scratch".
        let advice = { (dockerfile: String) in
            Linter().lint(Array(dockerfile.utf8), file: "Dockerfile").findings.first { $0.code == "UndefinedVar" }?.suggestion?.message
        }
        #expect(advice("FROM alpine:3.20\nCOPY app-${TARGETARCH} /app\n")?.contains("after its own `ARG TARGETARCH`") == true)
        // A near miss of a platform ARG names it.
        #expect(advice("FROM alpine:3.20\nCOPY app-${TARGETARC} /app\n")?.contains("if you meant `$TARGETARCH`") == true)
    }
}
