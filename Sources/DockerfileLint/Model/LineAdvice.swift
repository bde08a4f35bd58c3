extension Report {
    /// On the instruction's line only (BuildKit's placement), with advice for that line.
    static func line(advice: String) -> Report {
        var r = Report.line
        r.suggestion = .advice(advice)
        return r
    }
}

extension LintContext {
    /// `flagStageLines` with advice for each stage reported (nil: not reported).
    func adviseStageLines(_ advice: (StageInfo) -> String?) -> [Violation] {
        reportStages { s, _ in advice(s).map { Report.line(advice: $0) } }
    }
}
