import ArgumentParser
import DockerfileLint
import Foundation

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain one lint rule: why it matters, how to fix it, and examples.",
        discussion: """
            Takes a code (DL3008), a BuildKit check name (StageNameCasing) or a rule's short \
            name (pin-apt-versions). In the examples, `>` marks the line the rule reports.

            Examples:
              dockerlings explain DL3008
              dockerlings explain JSONArgsRecommended
            """
    )

    @Argument(help: "The rule's code or name.")
    var code: String

    func run() throws {
        if code.uppercased().hasPrefix("SC"), RuleCatalogue.description(for: code) == nil {
            print("\(code.uppercased()) is a ShellCheck finding: see https://www.shellcheck.net/wiki/\(code.uppercased())")
            return
        }
        guard let r = RuleCatalogue.description(for: code) else {
            FileHandle.standardError.write(Data("dockerlings: no rule called '\(code)'. `dockerlings rules` lists them all.\n".utf8))
            throw ExitCode(2)
        }
        print("\(r.code) (\(r.name)) — \(r.severity.rawValue), \(r.family.rawValue)\(r.optIn ? ", opt-in" : "")")
        print("\n\(r.message).\n")
        print("Why: \(r.rationale)")
        print("Fix: \(r.fix)")
        func show(_ title: String, _ examples: [RuleExample]) {
            print("\n\(title):")
            for e in examples {
                let (text, marked) = e.stripped
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !(line.isEmpty && n > 0) {
                    print("  \(marked.contains(n + 1) ? ">" : " ") \(line)")
                }
                if let c = e.config, !c.labelSchema.isEmpty || !c.trustedRegistries.isEmpty {
                    print("    (with configuration: \(c.labelSchema.isEmpty ? "" : "label-schema \(c.labelSchema)")\(c.trustedRegistries.isEmpty ? "" : "trustedRegistries \(c.trustedRegistries)"))")
                }
                if let ignore = e.dockerignore {
                    let patterns = ignore.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: ", ")
                    print("    (with .dockerignore: \(patterns))")
                } else if r.triggering.contains(where: { $0.dockerignore != nil }) {
                    print("    (no build context: standard input)")
                }
                if let c = e.config, !c.basePlatforms.isEmpty {
                    let images = c.basePlatforms.sorted { $0.key < $1.key }.map { "\($0.key) is \($0.value)" }.joined(separator: ", ")
                    print("    (base images: \(images); default platform \((c.defaultPlatform ?? .host).description))")
                } else if r.triggering.contains(where: { $0.config?.basePlatforms.isEmpty == false }) {
                    print("    (no base-image platforms known)")
                }
                print("")
            }
        }
        show("Flagged", r.triggering)
        show("Fine", r.nonTriggering)
    }
}
