import DockerfileSyntax

struct WorkdirRelativePathRule: Rule {
    static let description = BuildKitRules.bk(
        "WorkdirRelativePath", "workdir-relative-path",
        message: "A relative WORKDIR without an absolute one before it depends on the base image",
        rationale: "The base image's working directory decides where a relative WORKDIR lands, and it can change.",
        fix: "Use an absolute path: `WORKDIR /usr/share/nginx/html`.",
        triggering: ["FROM nginx:1.27\n↓WORKDIR usr/share/nginx/html\n"],
        nonTriggering: ["FROM nginx:1.27\nWORKDIR /usr/share/nginx\nWORKDIR html\n"])

    func check(_ c: LintContext) -> [Violation] {
        var hasWorkdir = Array(repeating: false, count: c.stages.count)
        return c.report(["workdir"]) { item in
            guard item.stage >= 0 else { return nil }
            defer { hasWorkdir[item.stage] = true }
            let s = c.stages[item.stage]
            let parentHas = c.stages[..<s.index].contains { $0.alias?.lowercased() == s.imageText.lowercased() && hasWorkdir[$0.index] }
            let path = Quotes.unquote(item.arguments.first ?? "")
            guard !hasWorkdir[item.stage] && !parentHas && !path.hasPrefix("/") && !path.hasPrefix("$") else { return nil }
            let chars = Array(path)
            if chars.count >= 2 && chars[0].isLetter && chars[1] == ":" { return nil }
            // The base image's folder cannot be known here: say where to read it.
            return .line(advice: "`\(path)` is taken relative to the base image's working directory; write the absolute path you mean (the base image's folder is `docker image inspect -f '{{.Config.WorkingDir}}' IMAGE`, `/` when empty)")
        }
    }
}
