import DockerfileSyntax

/// BuildKit's checks of `FROM --platform`.
struct RedundantTargetPlatformRule: Rule {
    static let description = BuildKitRules.bk(
        "RedundantTargetPlatform", "redundant-target-platform",
        message: "Setting the platform to $TARGETPLATFORM is redundant: that is the default",
        rationale: "It adds noise without changing the build.",
        fix: "Remove `--platform=$TARGETPLATFORM`.",
        triggering: ["↓FROM --platform=$TARGETPLATFORM alpine:3.20\n"], nonTriggering: ["FROM --platform=$BUILDPLATFORM alpine:3.20\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.adviseStageLines { s in
            s.platform == "$TARGETPLATFORM" || s.platform == "${TARGETPLATFORM}" ? RedundantPlatformRule.advice(s.platform!) : nil
        }
    }
}

struct FromPlatformFlagConstDisallowedRule: Rule {
    static let description = BuildKitRules.bk(
        "FromPlatformFlagConstDisallowed", "from-platform-flag-const-disallowed",
        message: "FROM --platform should not be a constant unless the stage name says which platform",
        rationale: "A fixed platform breaks builds for other targets; naming the stage after it shows it is deliberate.",
        fix: "Use `--platform=$BUILDPLATFORM`, or name the stage `build_amd64`.",
        triggering: ["↓FROM --platform=linux/amd64 alpine:3.20 AS base\n"], nonTriggering: ["FROM --platform=linux/amd64 alpine:3.20 AS build_amd64\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.adviseStageLines { s in
            guard let p = s.platform, !p.contains("$"), let alias = s.alias?.lowercased() else { return nil }
            let parts = p.lowercased().split(separator: "/")
            guard parts.count >= 2 && !alias.contains(parts[0]) && !alias.contains(parts[1]) else { return nil }
            return "`--platform=\(p)` fixes this stage to \(p): if that is deliberate, say so in its name (one containing `\(parts[1])`); otherwise use `--platform=$BUILDPLATFORM` or drop the flag"
        }
    }
}
