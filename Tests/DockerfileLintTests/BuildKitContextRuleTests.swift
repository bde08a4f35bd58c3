import DockerfileLint
import Foundation
import Testing
import TestSupport

/// The two BuildKit checks that need more than the Dockerfile: CopyIgnoredFile (the build
/// context's `.dockerignore`) and InvalidBaseImagePlatform (the base images' platforms).
@Suite struct CopyIgnoredFileTests {
    func findings(_ dockerfile: String, ignore: String?) -> [Finding] {
        Linter().lint(Array(dockerfile.utf8), file: "Dockerfile", buildContext: ignore.map(BuildContextSource.dockerignore))
            .findings.filter { $0.code == "CopyIgnoredFile" }
    }

    /// Whether `COPY path /x` is flagged under these ignore lines.
    func excluded(_ path: String, by ignore: String) -> Bool {
        !findings("FROM scratch\nCOPY \(path) /x\n", ignore: ignore).isEmpty
    }

    @Test func patternSemanticsAreDockers() {
        // `*` and `?` stop at `/`; `*/tmp/*` needs a directory above tmp.
        #expect(excluded("src/tmp/a.txt", by: "*/tmp/*"))
        #expect(!excluded("tmp/a.txt", by: "*/tmp/*"))
        #expect(excluded("README.md", by: "*.md"))
        #expect(!excluded("docs/a.md", by: "*.md"))
        #expect(excluded("abc", by: "a?c"))
        #expect(!excluded("a/c", by: "a?c"))
        // A pattern naming a directory excludes everything under it.
        #expect(excluded("docs/a/b.md", by: "docs"))
        #expect(excluded("secrets/key.pem", by: "/secrets/"))
        #expect(excluded("secrets/key.pem", by: "./secrets"))
        #expect(!excluded("secretsfile", by: "secrets"))
        // `**` spans directories, including none.
        #expect(excluded("node_modules/x/index.js", by: "**/node_modules"))
        #expect(excluded("web/app/node_modules/x", by: "**/node_modules"))
        #expect(excluded("a/b/key.pem", by: "**/*.pem"))
        #expect(excluded("key.pem", by: "**/*.pem"))
        #expect(excluded("build/out/x.o", by: "build/**"))
        #expect(excluded("a/x/y/b", by: "a/**/b"))
        #expect(excluded("a/b", by: "a/**/b"))
        // A leading `**` without `/` is a plain suffix match in Docker's matcher.
        #expect(excluded("barfoo", by: "**foo"))
        // Classes and escapes.
        #expect(excluded("b1.txt", by: "[a-c]*.txt"))
        #expect(!excluded("d1.txt", by: "[a-c]*.txt"))
        #expect(excluded("bx", by: "[^a]x"))
        #expect(!excluded("ax", by: "[^a]x"))
        #expect(excluded("'*x'", by: "\\*x"))
        #expect(!excluded("yx", by: "\\*x"))
        // `..` and `.` in sources are cleaned before matching.
        #expect(excluded("./src/../secrets/k", by: "secrets"))
        // A leading `/` in a source is the context root.
        #expect(excluded("/secrets/k", by: "secrets"))
    }

    @Test func wholeContextOnlyForACatchAll() {
        for catchAll in ["*", "**", "**/*", "/**"] {
            #expect(excluded(".", by: catchAll), "\(catchAll)")
            #expect(excluded("/", by: catchAll), "\(catchAll)")
            #expect(excluded("./", by: catchAll), "\(catchAll)")
        }
        for other in [".*", "?", ".", "*.md", ".git"] {
            #expect(!excluded(".", by: other), "\(other)")
            #expect(!excluded("/", by: other), "\(other)")
        }
    }

    @Test func ignoreFileIsReadAsDockerReadsIt() {
        // Comments only at the very start of a line; BOM, CRLF and blanks tolerated.
        let text = "\u{FEFF}# comment\r\n  \r\n  build  \r\n\t#notacomment\n"
        #expect(excluded("build/x", by: text))
        #expect(excluded("#notacomment", by: text))
        #expect(!excluded("comment", by: text))
    }

    @Test func exceptionsOrInvalidPatternsTurnTheCheckOff() {
        #expect(!excluded("secrets/key.pem", by: "secrets\n!secrets/public.pem\n"))
        #expect(!excluded("secrets/other", by: "secrets\n! secrets/public.pem\n"))
        #expect(DockerIgnore(text: "secrets\n!x\n").hasExceptions)
        for bad in ["[", "abc\\", "!", "[]a]", "[a-]"] {
            #expect(DockerIgnore(text: "secrets\n\(bad)\n").invalidPattern != nil, "\(bad)")
            #expect(!excluded("secrets/k", by: "secrets\n\(bad)\n"), "\(bad)")
        }
        #expect(DockerIgnore(text: "a]b\n[ab]\n").invalidPattern == nil)
    }

    @Test func reportsAsBuildKitDoes() {
        let file = """
            FROM alpine:3.20 AS build
            ENV DIR=config
            COPY --chown=1:1 src/app.py \\
                 secrets/key.pem ${DIR}/prod.yml /app/
            ADD ./secrets/../secrets/cert.pem /c
            COPY --from=build /secrets/x /x
            COPY $UNKNOWN/secrets /y
            ADD https://example.com/secrets/x git@github.com:o/secrets.git /z
            COPY <<secrets /s
            x
            secrets

            ONBUILD COPY secrets /s
            """
        let found = findings(file + "\n", ignore: "secrets\nconfig/*.yml\n")
        #expect(found.map(\.line) == [3, 3, 5])
        #expect(found.map(\.message) == [
            "Attempting to Copy file \"secrets/key.pem\" that is excluded by .dockerignore",
            "Attempting to Copy file \"config/prod.yml\" that is excluded by .dockerignore",
            "Attempting to Add file \"secrets/cert.pem\" that is excluded by .dockerignore",
        ])
        #expect(found.allSatisfy { $0.severity == .warning })
    }

    @Test func silentWithoutAContextOrWhenSkipped() {
        #expect(findings("FROM alpine\nCOPY secrets /s\n", ignore: nil).isEmpty)
        #expect(findings("FROM alpine\nCOPY secrets /s\n", ignore: "").isEmpty)
        var config = LintConfiguration()
        config.ignored = ["CopyIgnoredFile"]
        let r = Linter(configuration: config).lint(Array("FROM alpine\nCOPY secrets /s\n".utf8), file: "Dockerfile",
                                                    buildContext: .dockerignore("secrets"))
        #expect(r.findings.allSatisfy { $0.code != "CopyIgnoredFile" })
        let pragma = "FROM alpine\n# hadolint ignore=CopyIgnoredFile\nCOPY secrets /s\n"
        #expect(findings(pragma, ignore: "secrets").isEmpty)
    }

    @Test func contextIsTheDockerfilesDirectoryOrTheOneGiven() throws {
        let root = try RepoPaths.temporaryDirectory("copy-ignored")
        defer { try? FileManager.default.removeItem(at: root) }
        let sub = root.appendingPathComponent("docker")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "secrets\n".write(to: root.appendingPathComponent(".dockerignore"), atomically: true, encoding: .utf8)
        try "vendor\n".write(to: sub.appendingPathComponent(".dockerignore"), atomically: true, encoding: .utf8)
        let dockerfile = sub.appendingPathComponent("api.Dockerfile").path

        // The Dockerfile's directory by default.
        #expect(BuildContextSource.forDockerfile(dockerfile, contextDirectory: nil)?.load()?.path == sub.path + "/.dockerignore")
        // An explicit context directory.
        #expect(BuildContextSource.forDockerfile(dockerfile, contextDirectory: root.path)?.load()?.path == root.path + "/.dockerignore")
        // `<Dockerfile>.dockerignore` beside the Dockerfile wins over the context's.
        try "cache\n".write(toFile: dockerfile + ".dockerignore", atomically: true, encoding: .utf8)
        #expect(BuildContextSource.forDockerfile(dockerfile, contextDirectory: root.path)?.load()?.path == dockerfile + ".dockerignore")
        // Standard input has no context, unless one is given.
        #expect(BuildContextSource.forDockerfile("-", contextDirectory: nil) == nil)
        #expect(BuildContextSource.forDockerfile("-", contextDirectory: root.path)?.load()?.path == root.path + "/.dockerignore")
        // A bare file name is in the current directory.
        #expect(BuildContextSource.forDockerfile("Dockerfile", contextDirectory: nil) == .directory(".", dockerfile: "Dockerfile"))
        // No ignore file: nothing to read.
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(BuildContextSource.directory(empty.path, dockerfile: empty.path + "/Dockerfile").load() == nil)
    }

    @Test func sessionReadsTheContextOnlyWhenAsked() throws {
        let root = try RepoPaths.temporaryDirectory("copy-ignored-session")
        defer { try? FileManager.default.removeItem(at: root) }
        try "secrets\n".write(to: root.appendingPathComponent(".dockerignore"), atomically: true, encoding: .utf8)
        let path = root.appendingPathComponent("Dockerfile").path
        let input = [(name: path, bytes: Array("FROM alpine:3.20\nCOPY secrets/k /k\n".utf8))]
        let on = try LintSession(configuration: LintConfiguration(), readsBuildContext: true).run(input)
        #expect(on[0].findings.filter { $0.code == "CopyIgnoredFile" }.map(\.line) == [2])
        let off = try LintSession(configuration: LintConfiguration()).run(input)
        #expect(off[0].findings.allSatisfy { $0.code != "CopyIgnoredFile" })
        // Named as standard input, the file has no context.
        let stdin = try LintSession(configuration: LintConfiguration(), readsBuildContext: true).run([(name: "-", bytes: input[0].bytes)])
        #expect(stdin[0].findings.allSatisfy { $0.code != "CopyIgnoredFile" })
    }
}

@Suite struct InvalidBaseImagePlatformTests {
    static let amd64 = ImagePlatform(os: "linux", architecture: "amd64")
    static let arm64 = ImagePlatform(os: "linux", architecture: "arm64")

    func findings(_ dockerfile: String, images: [String: ImagePlatform], engine: ImagePlatform? = amd64) -> [Finding] {
        var config = LintConfiguration()
        config.basePlatforms = images
        config.defaultPlatform = engine
        return Linter(configuration: config).lint(Array(dockerfile.utf8), file: "Dockerfile")
            .findings.filter { $0.code == "InvalidBaseImagePlatform" }
    }

    @Test func flagsAForeignArchitectureOnly() {
        let images = ["app:arm": Self.arm64, "app:amd": Self.amd64]
        let found = findings("FROM app:arm AS a\nFROM app:amd AS b\nFROM --platform=linux/arm64 app:arm AS c_arm64\n", images: images)
        #expect(found.map(\.line) == [1])
        #expect(found.first?.message == "Base image app:arm was pulled with platform \"linux/arm64\", expected \"linux/amd64\" for current build")
        // Built on an arm64 engine, the other one is foreign.
        #expect(findings("FROM app:arm\nFROM app:amd\n", images: images, engine: Self.arm64).map(\.line) == [2])
    }

    @Test func platformAndImageAreExpandedFromGlobalArgs() {
        let images = ["app:arm": Self.arm64]
        let file = """
            ARG TAG=arm
            ARG PLATFORM=linux/amd64
            FROM --platform=$PLATFORM app:${TAG}
            FROM --platform=$BUILDPLATFORM app:$TAG
            FROM --platform=${TARGETOS}/arm64 app:$TAG
            FROM --platform=arm64 app:arm
            FROM --platform=$NOT_DECLARED app:arm
            """
        #expect(findings(file, images: images).map(\.line) == [3, 4])
        #expect(findings(file, images: images, engine: Self.arm64).map(\.line) == [3])
    }

    @Test func variantsAndSpellingsAreNormalised() {
        // Only OS and architecture are compared, as BuildKit does; aarch64 is arm64.
        let images = ["pi:1": ImagePlatform(os: "linux", architecture: "arm", variant: "v6"),
                      "box:1": ImagePlatform(os: "Linux", architecture: "aarch64")]
        #expect(findings("FROM --platform=linux/arm/v7 pi:1\nFROM --platform=linux/arm64/v8 box:1\n", images: images).isEmpty)
        let found = findings("FROM --platform=windows/arm64 box:1\n", images: images)
        #expect(found.first?.message == "Base image box:1 was pulled with platform \"linux/arm64\", expected \"windows/arm64\" for current build")
    }

    @Test func stagesScratchAndUnknownImagesAreNotJudged() {
        let images = ["base:1": Self.arm64, "build": Self.arm64, "scratch": Self.arm64]
        let file = "FROM alpine:3.20 AS build\nFROM build\nFROM scratch\nFROM unknown:1\n"
        #expect(findings(file, images: images).isEmpty)
        #expect(findings("FROM base:1\n", images: [:]).isEmpty)
        #expect(BaseImages.references(in: Array("ARG V=1\nFROM base:$V AS build\nFROM build\nFROM scratch\nFROM base:1\nFROM other\n".utf8))
                == ["base:1", "other"])
        // Platform arguments take the default platform's values, as in the check.
        let arch = "FROM app-${TARGETARCH}:1\n"
        #expect(BaseImages.references(in: Array(arch.utf8), defaultPlatform: Self.arm64) == ["app-arm64:1"])
        #expect(findings(arch, images: ["app-arm64:1": Self.arm64], engine: Self.arm64).isEmpty)
        #expect(findings(arch, images: ["app-amd64:1": Self.arm64], engine: Self.amd64).map(\.line) == [1])
        #expect(BaseImages.references(in: [0x46, 0x52, 0x4F, 0x4D, 0x20, 0xFF]).isEmpty)  // not UTF-8: does not parse
    }

    @Test func withoutADefaultThisMachinesPlatformIsExpected() {
        let foreign = ImagePlatform.host.architecture == "amd64" ? Self.arm64 : Self.amd64
        #expect(findings("FROM x:1\n", images: ["x:1": foreign], engine: nil).map(\.line) == [1])
        #expect(findings("FROM x:1\n", images: ["x:1": .host], engine: nil).isEmpty)
    }

    @Test func platformsParseAndPrintAsContainerdDoes() {
        #expect(ImagePlatform("linux/amd64")?.description == "linux/amd64")
        #expect(ImagePlatform("linux/amd64/")?.description == "linux/amd64")
        #expect(ImagePlatform("linux/arm64/v8")?.description == "linux/arm64")
        #expect(ImagePlatform("linux/x86_64")?.description == "linux/amd64")
        #expect(ImagePlatform("linux/arm")?.description == "linux/arm/v7")
        #expect(ImagePlatform("linux/armhf")?.description == "linux/arm/v7")
        #expect(ImagePlatform("linux/arm/v6")?.description == "linux/arm/v6")
        #expect(ImagePlatform("linux/i386")?.description == "linux/386")
        #expect(ImagePlatform("arm64", default: Self.amd64)?.description == "linux/arm64")
        #expect(ImagePlatform("windows", default: Self.amd64)?.description == "windows/amd64")
        for bad in ["", "linux/", "/amd64", "a/b/c/d", "nonsense", "linux//v7"] {
            #expect(ImagePlatform(bad) == nil, "\(bad)")
        }
    }
}
