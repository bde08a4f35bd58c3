import DockerfileSyntax

/// One thing a rule found, at one place in one file.
public struct Finding: Sendable, Hashable {
    public var code: String
    public var severity: Severity
    public var message: String
    /// Where it lands: findings about an instruction sit on its first line (as in hadolint).
    public var range: SourceRange
    public var file: String

    public init(code: String, severity: Severity, message: String, range: SourceRange, file: String) {
        self.code = code
        self.severity = severity
        self.message = message
        self.range = range
        self.file = file
    }

    public var line: Int { range.start.line }
    public var column: Int { range.start.column }
}

/// What a rule reports before the linter attaches code, severity and file.
public struct Violation: Sendable, Hashable {
    public var range: SourceRange
    /// A message specific to this occurrence; the rule's own message when nil.
    public var message: String?

    public init(_ range: SourceRange, _ message: String? = nil) {
        self.range = range
        self.message = message
    }

    public init(line: Int, _ message: String? = nil) {
        self.range = SourceRange(lines: line, line)
        self.message = message
    }
}
