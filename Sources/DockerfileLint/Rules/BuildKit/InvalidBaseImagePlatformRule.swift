import DockerfileSyntax

/// BuildKit's InvalidBaseImagePlatform: the base image's OS or architecture is not the
/// platform the stage is built for (`FROM --platform=…` after ARG expansion, else the
/// default platform). Lint cannot pull, so it judges only images whose platform it was
/// handed (`LintConfiguration.basePlatforms`, filled by `lint --base-images local`).
struct InvalidBaseImagePlatformRule: Rule {
    static let description: RuleDescription = {
        var arm64 = LintConfiguration()
        arm64.basePlatforms = ["some-amd64-only-image:1.0": ImagePlatform(os: "linux", architecture: "amd64")]
        arm64.defaultPlatform = ImagePlatform(os: "linux", architecture: "amd64")
        var onArm = arm64
        onArm.defaultPlatform = ImagePlatform(os: "linux", architecture: "arm64")
        var d = BuildKitRules.bk(
            "InvalidBaseImagePlatform", "invalid-base-image-platform",
            message: "Base image platform does not match expected target platform",
            rationale: "An image for another architecture runs under emulation, or not at all (`exec format error`), and what the build tests is not what ships.",
            fix: "Use an image (or a tag of a multi-platform image) built for the target platform, or set `--platform` to the image's.",
            triggering: [
                RuleExample("↓FROM --platform=linux/arm64 some-amd64-only-image:1.0\n", config: arm64),
                RuleExample("ARG IMAGE=some-amd64-only-image:1.0\n↓FROM ${IMAGE} AS base\nRUN true\n", config: onArm),
            ],
            nonTriggering: [
                RuleExample("FROM --platform=linux/amd64 some-amd64-only-image:1.0 AS build_amd64\n", config: arm64),
                RuleExample("FROM --platform=$BUILDPLATFORM some-amd64-only-image:1.0\n", config: arm64),
                RuleExample("FROM --platform=linux/arm64 some-amd64-only-image:1.0\n"),
                RuleExample("FROM --platform=linux/arm64 other-image:2\n", config: arm64),
            ])
        d.url = nil  // BuildKit has no documentation page for it
        return d
    }()

    func check(_ c: LintContext) -> [Violation] {
        let known = c.configuration.basePlatforms
        guard !known.isEmpty else { return [] }
        let fallback = c.configuration.defaultPlatform ?? .host
        return BaseImages.stages(of: c.dockerfile, defaultPlatform: fallback).compactMap { stage in
            guard let actual = known[stage.image], let expected = stage.platform else { return nil }
            guard actual.os != expected.os || actual.architecture != expected.architecture else { return nil }
            return Violation(line: stage.line,
                             "Base image \(stage.image) was pulled with platform \(GoQuote.quote(actual.description)), expected \(GoQuote.quote(expected.description)) for current build",
                             suggestion: .advice("the local `\(stage.image)` is built for \(actual.description): pull the one for \(expected.description) (`docker pull --platform \(expected.description) \(stage.image)`) if the image has it, or build for \(actual.description)"))
        }
    }
}

/// The images a Dockerfile's stages are built on, as BuildKit names them: the FROM image
/// after expanding global ARGs, leaving out `scratch` and the names of earlier stages.
public enum BaseImages {
    /// The distinct base image references of a Dockerfile (none when it does not parse).
    /// `defaultPlatform` gives `$TARGETARCH` and the like their values, as in the check.
    public static func references(in bytes: [UInt8], defaultPlatform: ImagePlatform = .host) -> [String] {
        guard let parsed = try? DockerfileParser.parse(bytes) else { return [] }
        var seen = Set<String>()
        return stages(of: Dockerfile(parsed), defaultPlatform: defaultPlatform).map(\.image).filter { seen.insert($0).inserted }
    }

    struct BaseStage {
        var line: Int
        var image: String
        /// The platform asked for; nil when `--platform` does not expand to one.
        var platform: ImagePlatform?
    }

    static func stages(of file: Dockerfile, defaultPlatform: ImagePlatform) -> [BaseStage] {
        let lexer = ShellLexer(escape: file.directives.escape)
        let globals = BuildEnvironment().globalArgs(of: file)
        let platformArgs = Self.platformArgs(defaultPlatform)
        let lookup: (String) -> String? = { globals[$0] ?? platformArgs[$0] }
        var names: Set<String> = []
        var out: [BaseStage] = []
        for stage in file.stages {
            defer { if let name = stage.name { names.insert(name) } }
            guard let image = try? lexer.processWord(stage.from.image, environment: lookup), !image.isEmpty,
                  image.lowercased() != "scratch", !names.contains(image.lowercased()) else { continue }
            var platform: ImagePlatform? = defaultPlatform
            if let text = stage.from.platform {
                let expanded = try? lexer.processWord(text, environment: lookup)
                platform = expanded.flatMap { ImagePlatform($0, default: defaultPlatform) }
            }
            out.append(BaseStage(line: stage.from.raw.range.start.line, image: image, platform: platform))
        }
        return out
    }

    /// The platform ARGs (BuildEnvironment's list) with a build's values, for a build that
    /// asks for no platform: BUILDPLATFORM, TARGETPLATFORM and their parts. The OS versions
    /// keep the list's value (empty: Linux images have none).
    static func platformArgs(_ p: ImagePlatform) -> [String: String] {
        var out = BuildEnvironment.platformArgs
        for name in out.keys {
            let part = name.hasPrefix("BUILD") ? name.dropFirst(5) : name.dropFirst(6)
            switch part {
            case "PLATFORM": out[name] = p.description
            case "OS": out[name] = p.os
            case "ARCH": out[name] = p.architecture
            case "VARIANT": out[name] = p.variant
            default: break
            }
        }
        return out
    }
}
