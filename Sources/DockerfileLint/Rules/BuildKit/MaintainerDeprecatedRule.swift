import DockerfileSyntax

struct MaintainerDeprecatedRule: Rule {
    static let description = BuildKitRules.bk(
        "MaintainerDeprecated", "maintainer-deprecated",
        message: "MAINTAINER is deprecated",
        rationale: "Use the standard `org.opencontainers.image.authors` label instead.",
        fix: MaintainerRule.description.fix,
        triggering: ["FROM alpine:3.20\n↓MAINTAINER me@example.com\n"], nonTriggering: ["FROM alpine:3.20\nLABEL org.opencontainers.image.authors=me@example.com\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.report(["maintainer"], onbuild: true) { Rewrites.maintainerLabel($0) }
    }
}
