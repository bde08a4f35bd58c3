import DockerfileSyntax

struct JSONArgsRecommendedRule: Rule {
    static let description = BuildKitRules.bk(
        "JSONArgsRecommended", "json-args-recommended",
        message: "JSON arguments are recommended for CMD and ENTRYPOINT to prevent unintended behaviour with OS signals",
        rationale: "In shell form the program runs under /bin/sh -c and does not receive SIGTERM, so `docker stop` waits for the timeout.",
        fix: "Write `CMD [\"app\", \"--flag\"]`, or set SHELL explicitly if a shell is wanted.",
        triggering: ["FROM alpine:3.20\n↓ENTRYPOINT my-app start\n"],
        nonTriggering: ["FROM alpine:3.20\nENTRYPOINT [\"my-app\", \"start\"]\n", "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-c\"]\nCMD my-app\n"])

    func check(_ c: LintContext) -> [Violation] {
        var hasShell = Set<Int>()
        return c.report(["shell", "cmd", "entrypoint"]) { item in
            if item.name == "shell" { hasShell.insert(item.stage); return nil }
            guard !item.node.isJSON, !item.arguments.isEmpty, !hasShell.contains(item.stage) else { return nil }
            return Rewrites.execForm(item, in: c)
        }
    }
}
