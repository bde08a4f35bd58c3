import DockerfileSyntax

struct InvalidDefinitionDescriptionRule: Rule {
    static let description = BuildKitRules.bk(
        "InvalidDefinitionDescription", "invalid-definition-description",
        message: "The comment above a named stage or ARG should start with its name",
        rationale: "Tools read such comments as descriptions of build targets and arguments (experimental in BuildKit).",
        fix: "Start the comment with the name: `# base: the shared runtime`.",
        triggering: ["# build stuff\n↓FROM scratch AS base\n"], nonTriggering: ["# base is the shared runtime\nFROM scratch AS base\n"], optIn: true)

    func check(_ c: LintContext) -> [Violation] {
        c.flagLines(["from", "arg"]) { item in
            guard let last = item.raw.comments.last else { return false }
            let describes = { (name: String) in last.hasPrefix(name + " ") || last == name }
            if item.name == "from" { return item.arguments.count >= 3 && !describes(item.arguments[2]) }
            return !item.arguments.contains { describes(String($0.prefix { $0 != "=" })) }
        }
    }
}
