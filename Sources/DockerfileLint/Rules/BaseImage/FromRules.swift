/// DL3006: a base image needs an explicit tag.
struct UntaggedImageRule: Rule {
    static let description = describe(
        "DL3006", "tag-base-image", .baseImage, .warning,
        message: "Give the base image an explicit tag (or digest)",
        rationale: "Without a tag the build takes whatever `latest` is today, so the same Dockerfile builds a different image tomorrow.",
        fix: "Write `FROM python:3.12-slim` instead of `FROM python`.",
        triggering: ["↓FROM debian\nRUN true\n", "FROM node:20 AS build\n↓FROM nginx\n"],
        nonTriggering: ["FROM debian:12.5\n", "FROM scratch\n", "FROM node:20 AS build\nFROM build\n", "ARG B\nFROM $B\n", "FROM alpine@sha256:0123\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportStages { s, from in
            guard s.image.tag == nil, s.image.digest == nil, s.image.name != "scratch",
                  !s.imageText.hasPrefix("$"), !s.image.name.hasPrefix("$") else { return nil }
            if c.stages[..<s.index].contains(where: { $0.alias == s.image.name }) { return nil }
            return Report(span: from.span(of: s.imageText), suggestion: LookUp.tag(s.imageText))
        }
    }
}

/// DL3007: `latest` is not a version.
struct LatestTagRule: Rule {
    static let description = describe(
        "DL3007", "avoid-latest-tag", .baseImage, .warning,
        message: "The `latest` tag moves; pin a version of the base image",
        rationale: "`latest` is just the most recently pushed tag: builds stop being reproducible and upgrades arrive unannounced.",
        fix: "Replace `:latest` with a version tag such as `:3.20`.",
        triggering: ["↓FROM alpine:latest\n"],
        nonTriggering: ["FROM alpine:3.20\n", "FROM alpine:latest@sha256:abcd\n", "FROM alpine:latest-edge\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportStages { s, from in
            guard s.image.tag == "latest", s.image.digest == nil else { return nil }
            let name = s.imageText.hasSuffix(":latest") ? String(s.imageText.dropLast(7)) : s.imageText
            return Report(span: from.span(of: s.imageText), suggestion: LookUp.tag(name))
        }
    }
}

/// DL3029: a constant `--platform` pins the build to one architecture.
struct FromPlatformRule: Rule {
    static let description = describe(
        "DL3029", "no-constant-platform", .baseImage, .warning,
        message: "Don't hard-code `--platform` in FROM; use $BUILDPLATFORM or $TARGETPLATFORM",
        rationale: "A fixed platform breaks multi-platform builds and surprises anyone building on another machine.",
        fix: "Drop `--platform`, or use `--platform=$BUILDPLATFORM` for build-tool stages.",
        triggering: ["↓FROM --platform=linux/amd64 debian:12\n"],
        nonTriggering: ["FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n", "FROM debian:12\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportStages { s, from in
            guard let p = s.platform, let raw = c.writtenFlag(from, "platform") ?? Optional(p) else { return nil }
            if raw.contains("BUILDPLATFORM") || raw.contains("TARGETPLATFORM") { return nil }
            return Report(span: from.span(ofFlag: "platform"), suggestion: .advice(
                "`--platform=\(raw)` builds this stage for \(raw) whatever platform is asked for; if it must be (a binary only made for it), keep it and ignore this finding; otherwise drop the flag, or use `--platform=$BUILDPLATFORM` for a stage that only runs build tools"))
        }
    }
}

/// DL3065: `--platform=$TARGETPLATFORM` is what happens anyway.
struct RedundantPlatformRule: Rule {
    static let description = describe(
        "DL3065", "no-target-platform-flag", .baseImage, .warning,
        message: "`--platform=$TARGETPLATFORM` is the default; leave it out",
        rationale: "Stages are built for the target platform already; the flag only adds noise.",
        fix: "Remove `--platform=$TARGETPLATFORM` from the FROM line.",
        triggering: ["↓FROM --platform=$TARGETPLATFORM alpine:3.20\n"],
        nonTriggering: ["FROM --platform=$BUILDPLATFORM alpine:3.20\n", "FROM alpine:3.20\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportStages { s, from in
            guard let raw = c.writtenFlag(from, "platform"), raw == "$TARGETPLATFORM" || raw == "${TARGETPLATFORM}" else { return nil }
            return Report(span: from.span(ofFlag: "platform"), suggestion: .advice(Self.advice(raw)))
        }
    }

    /// RedundantTargetPlatform says the same.
    static func advice(_ platform: String) -> String {
        "leave out `--platform=\(platform)`: the stage is built for the target platform without it"
    }
}

/// DL3026: images must come from a trusted registry (when any are configured).
struct TrustedRegistryRule: Rule {
    static let description: RuleDescription = {
        var config = LintConfiguration()
        config.trustedRegistries = ["registry.example.com"]
        return describe(
            "DL3026", "trusted-registry", .baseImage, .error,
            message: "Use only images from the trusted registries",
            rationale: "Teams often allow base images only from a registry they control or mirror; an image from anywhere else escaped review.",
            fix: "Pull the image through a trusted registry, or add its registry to `trustedRegistries`.",
            triggering: [RuleExample("↓FROM docker.io/library/debian:12\n", config: config),
                         RuleExample("↓FROM debian:12\n", config: config)],
            nonTriggering: [RuleExample("FROM registry.example.com/debian:12\n", config: config),
                            RuleExample("FROM scratch\n", config: config), "FROM debian:12\n"])
    }()

    func check(_ c: LintContext) -> [Violation] {
        let trusted = c.configuration.trustedRegistries
        guard !trusted.isEmpty else { return [] }
        func allowed(_ image: HadolintImageReference, before itemIndex: Int) -> Bool {
            if c.aliases(before: itemIndex).contains(image.name) { return true }
            if let reg = image.registry { return trusted.contains { matches($0, reg) } }
            return image.name == "scratch" || trusted.contains("docker.io") || trusted.contains("hub.docker.com")
        }
        let registries = trusted.sorted().map { "`\($0)`" }.joined(separator: ", ")
        func advice(_ image: String) -> Suggestion {
            .advice("`\(image)` does not come from a trusted registry (\(registries)): use its copy there if your registry mirrors it, or add its registry to trustedRegistries")
        }
        return c.report(["from", "copy", "run"]) { k, item in
            switch item.name {
            case "from":
                guard let text = item.arguments.first, !allowed(HadolintImageReference(text), before: k) else { return nil }
                return Report(span: item.span(of: text), suggestion: advice(text))
            case "copy":
                guard let from = item.flag("from"), !allowed(HadolintImageReference(from), before: k) else { return nil }
                return Report(span: item.span(ofFlag: "from"), suggestion: advice(from))
            default:
                for spec in item.flags("mount") {
                    let m = RunMount(spec)
                    guard m.type == "cache" || m.type == "bind" else { continue }
                    if !allowed(HadolintImageReference(m.from ?? "scratch"), before: k) { return Report(span: item.span(ofFlag: "mount"), suggestion: advice(m.from ?? "scratch")) }
                }
                return nil
            }
        }
    }

    private func matches(_ pattern: String, _ registry: String) -> Bool {
        if pattern == "*" { return true }
        if pattern.hasPrefix("*") { return registry.hasSuffix(pattern.dropFirst()) }
        if pattern.hasSuffix("*") { return registry.hasPrefix(pattern.dropLast()) }
        return pattern == registry
    }
}
