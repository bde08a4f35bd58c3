import DockerfileSyntax

struct InvalidDefinitionDescriptionRule: Rule {
    static let description = BuildKitRules.bk(
        "InvalidDefinitionDescription", "invalid-definition-description",
        message: "The comment above a named stage or ARG should start with its name",
        rationale: "Tools read such comments as descriptions of build targets and arguments (experimental in BuildKit).",
        fix: "Start the comment with the name: `# base: the shared runtime`.",
        triggering: ["# build stuff\n↓FROM scratch AS base\n"], nonTriggering: ["# base is the shared runtime\nFROM scratch AS base\n"], optIn: true)

    func check(_ c: LintContext) -> [Violation] {
        c.adviseLines(["from", "arg"]) { item in
            guard let last = item.raw.comments.last else { return nil }
            let describes = { (name: String) in last.hasPrefix(name + " ") || last == name }
            let name: String
            if item.name == "from" {
                guard item.arguments.count >= 3, !describes(item.arguments[2]) else { return nil }
                name = item.arguments[2]
            } else {
                guard !item.arguments.contains(where: { describes(String($0.prefix { $0 != "=" })) }) else { return nil }
                name = String((item.arguments.first ?? "").prefix { $0 != "=" })
            }
            return "if the comment above describes `\(name)`, start it with the name (`# \(name) …`); if it is not a description, put an empty `#` line between it and the \(item.node.keyword) (a blank line does not separate them)"
        }
    }
}
