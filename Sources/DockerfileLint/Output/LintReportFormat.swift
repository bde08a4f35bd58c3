import Foundation

/// The report formats `dockerlings lint` can print: hadolint's ten (same names, same
/// shapes) and GitHub's workflow annotations.
public enum LintReportFormat: String, Sendable, CaseIterable {
    /// Source line, caret, rule and fix; coloured on a terminal.
    case tty
    /// hadolint's JSON: an array of {code, column, file, level, line, message}.
    case json
    /// SARIF 2.1.0 with rule metadata (GitHub code scanning).
    case sarif
    case checkstyle
    /// A Code Climate engine's output: each issue a JSON document ended by a NUL byte.
    case codeclimate
    /// GitLab's Code Quality report: one array of Code Climate issues with fingerprints.
    case gitlabCodeclimate = "gitlab_codeclimate"
    /// `dockerlings:FILE:LINE: CODE level: message`, a line per finding (GNU's layout).
    case gnu
    /// Codacy's tool results: a {filename, line, message, patternId} document a line.
    case codacy
    /// SonarQube's generic issue import: {"issues": [...]}.
    case sonarqube
    /// JUnit XML: a test suite per file, a failed test case per finding.
    case junit
    /// GitHub Actions workflow annotations.
    case github

    public init?(name: String) {
        switch name {
        case "tty", "terminal", "text": self = .tty
        case "gitlab-codeclimate": self = .gitlabCodeclimate
        default: self.init(rawValue: name)
        }
    }

    /// Whether findings may fail the run. hadolint exits 0 for these two whatever it finds
    /// (a Code Climate engine or Codacy tool that exits otherwise is taken as crashed), so a
    /// CI line written for it keeps passing here.
    public var findingsFailTheRun: Bool { self != .codeclimate && self != .codacy }

    /// Whether `--file-path-in-report` renames the files in this format (hadolint's five).
    public var namesFilesAsAsked: Bool {
        switch self {
        case .checkstyle, .codeclimate, .gitlabCodeclimate, .sonarqube, .junit: true
        default: false
        }
    }

    /// Renders the results of one run.
    public func render(_ results: [LintResult], color: Bool = false) -> String {
        render(results, options: LintReportOptions(color: color))
    }

    public func render(_ results: [LintResult], options: LintReportOptions) -> String {
        var results = results
        if let path = options.filePathInReport, namesFilesAsAsked {
            results = results.map { r in
                var r = r
                r.file = path
                r.findings = r.findings.map { var f = $0; f.file = path; return f }
                return r
            }
        }
        switch self {
        case .tty: return TerminalReport.render(results, color: options.color)
        case .json: return JSONReport.render(results)
        case .sarif: return SARIFReport.render(results)
        case .checkstyle: return CheckstyleReport.render(results)
        case .codeclimate: return CodeClimateReport.engineOutput(results)
        case .gitlabCodeclimate: return CodeClimateReport.gitLabReport(results)
        case .gnu: return GNUReport.render(results)
        case .codacy: return CodacyReport.render(results)
        case .sonarqube: return SonarQubeReport.render(results)
        case .junit: return JUnitReport.render(results, startedAt: options.startedAt, seconds: options.seconds)
        case .github: return GitHubReport.render(results)
        }
    }
}

/// How one report is written, beyond its format.
public struct LintReportOptions: Sendable {
    /// ANSI colours (the terminal report only).
    public var color = false
    /// The file name the report gives every finding, for the formats that take it
    /// (`namesFilesAsAsked`): where a CI's viewer finds the file when lint ran elsewhere.
    public var filePathInReport: String?
    /// When the run began and how long it took (JUnit's timestamp and time).
    public var startedAt = Date()
    public var seconds = 0.0

    public init(color: Bool = false, filePathInReport: String? = nil, startedAt: Date = Date(), seconds: Double = 0) {
        self.color = color
        self.filePathInReport = filePathInReport
        self.startedAt = startedAt
        self.seconds = seconds
    }
}
