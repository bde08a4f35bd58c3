import DockerfileSyntax

/// The families rules are filed under (folders in Rules/).
public enum RuleFamily: String, Sendable, CaseIterable {
    case parse, baseImage = "base-image", packageManagers = "package-managers", shell
    case instructions, stages, security, course, buildkit, shellcheck
}

/// A Dockerfile written for a rule's documentation and test. `↓` marks the start of a line
/// where the rule must report (a triggering example needs at least one marker; the marker
/// is removed before linting).
public struct RuleExample: Sendable, Hashable {
    public var dockerfile: String
    /// Configuration this example needs (for rules that are off until configured).
    public var config: LintConfiguration?
    /// The build context's `.dockerignore` text, for rules that read it (nil: no context).
    public var dockerignore: String?

    public init(_ dockerfile: String, config: LintConfiguration? = nil, dockerignore: String? = nil) {
        self.dockerfile = dockerfile
        self.config = config
        self.dockerignore = dockerignore
    }

    /// The build context this example is linted with.
    public var buildContext: BuildContextSource? { dockerignore.map(BuildContextSource.dockerignore) }

    public static let marker: Character = "↓"

    /// The Dockerfile without markers, and the lines that carried one.
    public var stripped: (text: String, lines: [Int]) {
        var lines: [Int] = []
        var out = ""
        var line = 1
        for ch in dockerfile {
            if ch == RuleExample.marker { lines.append(line); continue }
            if ch == "\n" { line += 1 }
            out.append(ch)
        }
        return (out, lines)
    }
}

/// Everything a person (or `dockerlings explain`) needs to know about a rule.
public struct RuleDescription: Sendable {
    public var code: String
    /// A short kebab-case name (`pin-apt-versions`), BuildKit's own name for its checks.
    public var name: String
    public var family: RuleFamily
    public var severity: Severity
    /// The default message of a finding.
    public var message: String
    /// Why it matters.
    public var rationale: String
    /// What to do about it, in one line.
    public var fix: String
    public var triggering: [RuleExample]
    public var nonTriggering: [RuleExample]
    /// Off unless enabled (course rules, configuration-driven rules are on but silent).
    public var optIn: Bool
    /// hadolint reports this rule inside ONBUILD triggers too.
    public var url: String?

    public init(
        code: String, name: String, family: RuleFamily, severity: Severity, message: String,
        rationale: String, fix: String, triggering: [RuleExample], nonTriggering: [RuleExample],
        optIn: Bool = false, url: String? = nil
    ) {
        self.code = code
        self.name = name
        self.family = family
        self.severity = severity
        self.message = message
        self.rationale = rationale
        self.fix = fix
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.optIn = optIn
        self.url = url
    }
}

/// One lint rule: a type that describes itself and checks a parsed Dockerfile.
/// A rule that throws is reported as an internal error for that rule only.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
    func check(_ context: LintContext) throws -> [Violation]
}

/// Thrown by a rule that met something it cannot handle; the linter reports it as an
/// internal error for that rule and keeps the other rules running.
public struct RuleFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
