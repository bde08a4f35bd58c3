import DockerfileSyntax

struct WorkdirRelativePathRule: Rule {
    static let description = BuildKitRules.bk(
        "WorkdirRelativePath", "workdir-relative-path",
        message: "A relative WORKDIR without an absolute one before it depends on the base image",
        rationale: "The base image's working directory decides where a relative WORKDIR lands, and it can change.",
        fix: "Use an absolute path: `WORKDIR /usr/share/nginx/html`.",
        triggering: ["FROM nginx:1.27\n↓WORKDIR usr/share/nginx/html\n"],
        nonTriggering: ["FROM nginx:1.27\nWORKDIR /usr/share/nginx\nWORKDIR html\n",
                        "FROM nginx:1.27 AS web\nWORKDIR /usr/share/nginx\nFROM web\nWORKDIR html\n",
                        "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\n"])

    func check(_ c: LintContext) -> [Violation] {
        var hasWorkdir = Array(repeating: false, count: c.stages.count)
        return c.report(["workdir"]) { item in
            guard item.stage >= 0 else { return nil }
            defer { hasWorkdir[item.stage] = true }
            let s = c.stages[item.stage]
            let path = Quotes.unquote(item.arguments.first ?? "")
            guard !hasWorkdir[item.stage], ContainerPath.isRelative(path),
                  !c.stages(before: s.index, named: s.imageText).contains(where: { hasWorkdir[$0.index] }) else { return nil }
            return .line(advice: WorkdirAbsoluteRule.advice(path))
        }
    }
}
