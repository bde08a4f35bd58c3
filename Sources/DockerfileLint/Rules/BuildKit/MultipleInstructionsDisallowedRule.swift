import DockerfileSyntax

struct MultipleInstructionsDisallowedRule: Rule {
    static let description = BuildKitRules.bk(
        "MultipleInstructionsDisallowed", "multiple-instructions-disallowed",
        message: "Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect",
        rationale: "Earlier ones are silently ignored, which misleads readers.",
        fix: "Keep only one per stage.",
        triggering: ["FROM alpine:3.20\n↓CMD [\"a\"]\nCMD [\"b\"]\n"], nonTriggering: ["FROM alpine:3.20\nCMD [\"a\"]\n"])

    func check(_ c: LintContext) -> [Violation] {
        let names: Set<String> = ["cmd", "entrypoint", "healthcheck"]
        // The one of each kind that takes effect: the stage's last.
        var last: [String: Int] = [:]
        for item in c.items where names.contains(item.name) && !item.isOnbuild { last["\(item.stage) \(item.name)"] = item.index }
        return c.adviseLines(names) { item in
            guard last["\(item.stage) \(item.name)"] != item.index else { return nil }
            return "only the stage's last \(item.node.keyword) takes effect, so this one does nothing: delete it, or keep the one you mean last"
        }
    }
}
