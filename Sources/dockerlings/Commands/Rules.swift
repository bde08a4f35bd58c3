import ArgumentParser
import DockerfileLint

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every lint rule: code, default level, family and what it checks.",
        discussion: """
            DLxxxx codes mean what they mean in hadolint; BuildKit's checks keep their names \
            (StageNameCasing, …); the course's own rules start with DC and are off unless \
            enabled (`dockerlings lint --enable course`). `dockerlings explain CODE` shows \
            why a rule exists, how to fix it, and examples.

            Examples:
              dockerlings rules
              dockerlings rules --family package-managers
            """
    )

    @Option(name: .long, help: "Only this family: \(RuleFamily.allCases.map(\.rawValue).joined(separator: ", ")).")
    var family: String?

    func validate() throws {
        if let family, RuleFamily(rawValue: family) == nil {
            throw ValidationError("Unknown family '\(family)'. Use one of: \(RuleFamily.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    func run() {
        let rules = RuleCatalogue.descriptions.filter { family == nil || $0.family.rawValue == family }
        let width = rules.map(\.code.count).max() ?? 6
        for r in rules {
            let code = r.code.padding(toLength: width, withPad: " ", startingAt: 0)
            let level = r.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            let off = r.optIn ? " (opt-in)" : ""
            print("\(code)  \(level)  \(r.family.rawValue): \(r.message)\(off)")
        }
        print("\n\(rules.count) rules. ShellCheck's SCxxxx findings come on top when shellcheck is installed.")
    }
}
