/// A place in a Dockerfile: 1-based line and 1-based column (in Unicode scalars).
public struct SourcePosition: Hashable, Comparable, Sendable, Codable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// A span of source text, start inclusive, end exclusive on the same line or later.
public struct SourceRange: Hashable, Sendable, Codable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// Whole lines `first...last`, column 1 to the start of the line after.
    public init(lines first: Int, _ last: Int) {
        self.start = SourcePosition(line: first, column: 1)
        self.end = SourcePosition(line: last, column: 1)
    }
}
