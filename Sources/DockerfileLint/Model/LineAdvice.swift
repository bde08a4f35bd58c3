extension LintContext {
    /// `reportStages` on the FROM's line only (BuildKit's placement), with advice for each
    /// stage reported (nil: not reported).
    func adviseStageLines(_ advice: (StageInfo) -> String?) -> [Violation] {
        reportStages { s, _ in advice(s).map { Report.line(advice: $0) } }
    }
}

extension LintContext {
    /// `report` on the item's line only (BuildKit's placement), with advice for each item
    /// reported (nil: not reported).
    func adviseLines(_ names: Set<String> = [], onbuild: Bool = false, _ advice: (InstructionItem) -> String?) -> [Violation] {
        report(names, onbuild: onbuild) { advice($0).map { Report.line(advice: $0) } }
    }

    /// `flagRuns` with advice for the command reported (nil: not reported).
    func adviseCommands(onbuild: Bool, _ advice: (ScriptCommand) -> String?) -> [Violation] {
        reportCommands(onbuild: onbuild) { site in advice(site.command).map { Report(span: site.span, suggestion: .advice($0)) } }
    }
}
