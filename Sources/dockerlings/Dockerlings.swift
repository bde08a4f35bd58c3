import ArgumentParser

/// The entry point. Each subcommand lives in Commands/ as one small type; this file only
/// lists them. Commands parse arguments and wire modules; the work lives in the modules.
@main
struct Dockerlings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dockerlings",
        abstract: "A self-paced Docker course in your terminal, and the grader behind it.",
        discussion: """
            Learners read lessons, edit real Dockerfiles and get them graded. The linter \
            (`lint`), the parser (`parse`) and the image analyser (`analyze`) also stand alone \
            in any CI.
            """,
        version: DockerlingsVersion.current,
        subcommands: [
            Parse.self,
            Read.self,
            Progress.self,
            Export.self,
            Submit.self,
            Gradebook.self,
            RecordDrill.self,
            Analyze.self,
            Measure.self,
            Lint.self,
            Rules.self,
            Explain.self,
        ]
    )
}

enum DockerlingsVersion {
    static let current = "0.1.0"
}
