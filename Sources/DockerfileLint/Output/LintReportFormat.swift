/// The report formats `dockerlings lint` can print.
public enum LintReportFormat: String, Sendable, CaseIterable {
    /// Source line, caret, rule and fix; coloured on a terminal.
    case tty
    /// hadolint's JSON: an array of {code, column, file, level, line, message}.
    case json
    /// SARIF 2.1.0 with rule metadata (GitHub code scanning).
    case sarif
    case checkstyle
    /// GitLab's Code Quality report (Code Climate issues).
    case codeclimate
    /// GitHub Actions workflow annotations.
    case github

    public init?(name: String) {
        switch name {
        case "tty", "terminal", "text": self = .tty
        case "gitlab_codeclimate", "gitlab-codeclimate", "codeclimate": self = .codeclimate
        default: self.init(rawValue: name)
        }
    }

    /// Renders the results of one run.
    public func render(_ results: [LintResult], color: Bool = false) -> String {
        switch self {
        case .tty: TerminalReport.render(results, color: color)
        case .json: JSONReport.render(results)
        case .sarif: SARIFReport.render(results)
        case .checkstyle: CheckstyleReport.render(results)
        case .codeclimate: CodeClimateReport.render(results)
        case .github: GitHubReport.render(results)
        }
    }
}
