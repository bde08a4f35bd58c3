import DockerfileSyntax

/// Where a RUN's shell text sits in the Dockerfile, so that a ShellCheck comment's line and
/// column in the script it was given become the exact words in the file.
///
/// ShellCheck reads a header (the shebang, `export NAME=1` lines) and then the RUN's text:
/// either the logical line, whose continuations were joined (each physical line's share
/// starts a segment at its own file position), or a heredoc body, one file line per script
/// line. Its columns count characters (Unicode scalars, a tab as one), as the parser's do.
/// Where the text is not found as written (exec form, several heredocs joined, a RUN whose
/// text does not end its logical line) there is no placement, and the finding stays on the
/// RUN as hadolint reports it.
struct ShellCheckPlacement: Sendable {
    /// A run of a script line's columns that sits contiguously in the file from `position`.
    struct Segment: Sendable {
        /// Scalar offset in the script line where the run starts.
        var offset: Int
        var position: SourcePosition
    }

    /// The script's line (1-based) where the RUN's text begins, after the header.
    var firstLine: Int
    /// For each line of the RUN's text, its segments in ascending `offset`.
    var lines: [[Segment]]

    /// The placement of `body` (the RUN's text as `LintContext.scriptTexts` holds it), which
    /// the script ShellCheck reads has from its line `firstLine` on.
    init?(item: InstructionItem, origin: ScriptOrigin, body: String, firstLine: Int) {
        let bodyBreaks = body.utf8.count { $0 == UInt8(ascii: "\n") }
        self.firstLine = firstLine
        switch origin {
        case .unknown:
            return nil
        case .inline(let base):
            // A logical line has no line breaks; its pieces are the physical lines.
            guard bodyBreaks == 0 else { return nil }
            let raw = item.raw
            lines = [[Segment(offset: 0, position: raw.position(ofOffset: base))]
                + raw.pieces.filter { $0.offset > base }.map { Segment(offset: $0.offset - base, position: SourcePosition(line: $0.line, column: $0.column)) }]
        case .heredoc(let bodyLine):
            lines = (0...bodyBreaks).map { [Segment(offset: 0, position: SourcePosition(line: bodyLine + $0, column: 1))] }
        }
    }

    /// The file position of a script line and column (1-based); nil outside the RUN's text.
    func position(line: Int, column: Int) -> SourcePosition? {
        let k = line - firstLine
        guard lines.indices.contains(k), column >= 1 else { return nil }
        let offset = column - 1
        guard let segment = lines[k].last(where: { $0.offset <= offset }) else { return nil }
        return SourcePosition(line: segment.position.line, column: segment.position.column + offset - segment.offset)
    }

    /// The file range of ShellCheck's range (its end column is one past the last character).
    /// The end is placed after its last character, so words that end a continued line end
    /// there, not at the start of the next line.
    func span(line: Int, column: Int, endLine: Int, endColumn: Int) -> SourceRange? {
        guard let start = position(line: line, column: column) else { return nil }
        let end: SourcePosition?
        if (endLine, endColumn) <= (line, column) {
            end = start
        } else if endColumn > 1 {
            end = position(line: endLine, column: endColumn - 1).map { SourcePosition(line: $0.line, column: $0.column + 1) }
        } else {
            end = position(line: endLine, column: 1)
        }
        guard let end, end >= start else { return nil }
        return SourceRange(start: start, end: end)
    }
}
