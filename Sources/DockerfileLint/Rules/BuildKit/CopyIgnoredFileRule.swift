import DockerfileSyntax

/// BuildKit's CopyIgnoredFile: an ADD or COPY source from the build context that the
/// context's `.dockerignore` excludes, so the build cannot find it. Silent when the context
/// is unknown (standard input), has no ignore file, or its ignore file has `!` exceptions
/// (BuildKit skips those: an excluded directory may have an included file inside).
struct CopyIgnoredFileRule: Rule {
    static let description: RuleDescription = BuildKitRules.bk(
        "CopyIgnoredFile", "copy-ignored-file",
        message: "Attempting to Copy file that is excluded by .dockerignore",
        rationale: "Files that .dockerignore excludes are not sent to the builder, so the COPY fails, or copies less than it seems to.",
        fix: "Remove the pattern from .dockerignore (or add a `!` exception), or stop copying the file.",
        triggering: [
            RuleExample("FROM scratch\n↓COPY ./src/tmp/helloworld.txt /helloworld.txt\n", dockerignore: "*/tmp/*\n"),
            RuleExample("FROM alpine:3.20\nWORKDIR /app\n↓COPY . .\n", dockerignore: "**\n"),
            RuleExample("FROM alpine:3.20\nARG DIR=secrets\n↓ADD ${DIR}/key.pem /etc/key.pem\n", dockerignore: "# keep them out\nsecrets\n"),
        ],
        nonTriggering: [
            RuleExample("FROM scratch\nCOPY ./forever/helloworld.txt /helloworld.txt\n", dockerignore: "*/tmp/*\n"),
            // `*/tmp/*` needs a directory above tmp: Docker sends ./tmp/helloworld.txt.
            RuleExample("FROM scratch\nCOPY ./tmp/helloworld.txt /helloworld.txt\n", dockerignore: "*/tmp/*\n"),
            RuleExample("FROM alpine:3.20\nCOPY . .\n", dockerignore: ".git\nnode_modules\n"),
            RuleExample("FROM alpine:3.20 AS build\nRUN mkdir /out\nFROM alpine:3.20\nCOPY --from=build /out /out\n", dockerignore: "out\n"),
            RuleExample("FROM alpine:3.20\nCOPY secrets/key.pem /k\n", dockerignore: "secrets\n!secrets/key.pem\n"),
            RuleExample("FROM alpine:3.20\nADD https://example.com/secrets/a.tgz /a.tgz\nCOPY <<EOF /secrets\nx\nEOF\n", dockerignore: "secrets\n"),
            RuleExample("FROM alpine:3.20\nCOPY secrets/key.pem /k\n"),
        ])

    func check(_ c: LintContext) -> [Violation] {
        guard let ignore = c.dockerignore, ignore.invalidPattern == nil, !ignore.hasExceptions, !ignore.patterns.isEmpty,
              c.items.contains(where: { $0.name == "copy" || $0.name == "add" }) else { return [] }
        let file = c.dockerfile
        let environment = BuildEnvironment()
        let lexer = ShellLexer(escape: file.directives.escape)
        var out: [Violation] = []
        for stage in file.stages {
            let scopes = environment.scopes(of: stage, in: file)
            for (k, instruction) in stage.instructions.enumerated() {
                let copy: CopyInstruction
                switch instruction {
                case .copy(let i) where i.from == nil: copy = i
                case .add(let i): copy = i
                default: continue
                }
                let scope = scopes[k]
                for written in copy.sources {
                    if !copy.heredocs.isEmpty, written.hasPrefix("<<") { continue }
                    // A source whose variables are unknown here (base-image ENV) is not judged.
                    guard let expanded = try? lexer.process(written, environment: { scope[$0] }),
                          expanded.unmatched.isEmpty, !Self.isRemote(expanded.word) else { continue }
                    let source = PathText.clean(expanded.word)
                    if ignore.excludes(source: source) {
                        let verb = copy.isAdd ? "Add" : "Copy"
                        out.append(Violation(line: copy.raw.range.start.line,
                                             "Attempting to \(verb) file \(GoQuote.quote(source)) that is excluded by .dockerignore",
                                             suggestion: .advice("the build never sees `\(source)`: if the image needs it, add `!\(source)` to the ignore file (after the pattern that excludes it); if not, take it out of this \(verb.uppercased())")))
                    }
                }
            }
        }
        return out
    }

    /// URLs and git references are fetched, not read from the context.
    static func isRemote(_ source: String) -> Bool {
        source.contains("://") || source.hasPrefix("git@") || source.hasPrefix("github.com/")
    }
}
