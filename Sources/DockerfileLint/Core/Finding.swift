import DockerfileSyntax

/// One thing a rule found, at one place in one file.
public struct Finding: Sendable, Hashable {
    public var code: String
    public var severity: Severity
    public var message: String
    /// Where it lands: findings about an instruction sit on its first line (as in hadolint);
    /// pragmas, sorting and hadolint's line numbers follow this.
    public var range: SourceRange
    public var file: String
    /// The exact words the finding is about (a package name, a flag, one command of a RUN),
    /// when the rule knows them; `location` falls back to `range`.
    public var span: SourceRange?
    /// How to fix it, in the learner's own line, when the rule knows.
    public var suggestion: Suggestion?

    public init(code: String, severity: Severity, message: String, range: SourceRange, file: String,
                span: SourceRange? = nil, suggestion: Suggestion? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.range = range
        self.file = file
        self.span = span
        self.suggestion = suggestion
    }

    /// hadolint's line: the instruction's first line.
    public var line: Int { range.start.line }
    /// The exact place: the span when known, else the instruction.
    public var location: SourceRange { span ?? range }
    /// The column of `location` (on `location.start.line`).
    public var column: Int { location.start.column }
}

/// What a rule reports before the linter attaches code, severity and file.
public struct Violation: Sendable, Hashable {
    public var range: SourceRange
    /// A message specific to this occurrence; the rule's own message when nil.
    public var message: String?
    /// The words it is about (see `Finding.span`).
    public var span: SourceRange?
    public var suggestion: Suggestion?

    public init(_ range: SourceRange, _ message: String? = nil, span: SourceRange? = nil, suggestion: Suggestion? = nil) {
        self.range = range
        self.message = message
        self.span = span
        self.suggestion = suggestion
    }

    public init(line: Int, _ message: String? = nil, span: SourceRange? = nil, suggestion: Suggestion? = nil) {
        self.init(SourceRange(lines: line, line), message, span: span, suggestion: suggestion)
    }
}
