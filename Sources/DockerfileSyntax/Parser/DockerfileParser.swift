#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed Dockerfile at BuildKit's AST level.
public struct ParsedDockerfile: Hashable, Sendable {
    public var directives: Directives
    public var instructions: [RawInstruction]
    public var warnings: [ParseWarning]
}

/// BuildKit's Dockerfile parser (frontend/dockerfile/parser), reimplemented: the line loop,
/// directives, continuations, comments, heredocs. Per-instruction argument parsing lives in
/// ArgumentParsers.swift, flags in SplitCommand.swift.
///
/// We follow current BuildKit. Where the official parser's Python wrapper (our test oracle,
/// BuildKit v0.12.5) shows something else, the tests list each case with its reason
/// (ReferenceComparisonTests, EdgeCaseConformanceTests). The ones kept on purpose: the
/// heredoc bodies of an `ONBUILD RUN <<EOF` belong to the ONBUILD node (the wrapper shows the
/// lines consumed but drops the bodies), an ONBUILD trigger keeps its own flags and nested
/// trigger (the wrapper keeps one level, without flags), and `RUN << EOF` is a heredoc.
public enum DockerfileParser {
    /// The longest physical line BuildKit accepts, excluding its newline.
    public static let maxLineBytes = 65_535

    /// Parses UTF-8 text. Invalid UTF-8 and NUL bytes are rejected with their position:
    /// such a file is not a Dockerfile a person wrote, and BuildKit would only garble it.
    public static func parse(_ bytes: [UInt8]) throws(DockerfileError) -> ParsedDockerfile {
        let asciiOnly = try TextCheck.validate(bytes)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(DockerfileError) -> ParsedDockerfile in
            var reader = LineReader(bytes: buffer, asciiOnly: asciiOnly)
            return try parse(lines: &reader)
        }
    }

    public static func parse(_ text: String) throws(DockerfileError) -> ParsedDockerfile {
        try parse(Array(text.utf8))
    }

    static func parse(lines reader: inout LineReader) throws(DockerfileError) -> ParsedDockerfile {
        var directiveParser = DirectiveParser()
        var instructions: [RawInstruction] = []
        instructions.reserveCapacity(reader.bytes.count / 48)
        var warnings: [ParseWarning] = []
        var comments: [String] = []

        while var line = try reader.next() {
            let lineNumber = reader.lineNumber
            if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
            let stripped = Bytes.trimLeadingSpace(Bytes.trimNewline(line))
            let commentLine = stripped.first == UInt8(ascii: "#")
            if commentLine {
                let text = Bytes.trimSpace(String(decoding: line.dropFirst(), as: UTF8.self))
                if text.isEmpty { comments.removeAll() } else { comments.append(text) }
            }
            let leading = reader.columns(line[line.startIndex..<stripped.startIndex])
            if try directiveParser.offer(stripped, line: lineNumber), commentLine {
                comments.removeLast()
            }
            let code = stripped.first == UInt8(ascii: "#") ? stripped[stripped.startIndex..<stripped.startIndex] : stripped
            let escape = directiveParser.directives.escape
            var (text, ends) = Continuation.trim(code, escape: escape)
            if ends && text.isEmpty { continue }

            let startLine = lineNumber
            let startColumn = leading + 1
            // Most instructions fit on one line: keep a slice of the input, no copy.
            let logical = text
            var joined: [UInt8]? = nil
            var pieces: [LinePiece] = []
            var logicalScalars = 0
            var emptyContinuation = false
            while !ends, let next = try reader.next() {
                if Bytes.isComment(next) { continue }
                let piece = Bytes.trimNewline(next)
                if Bytes.trimLeadingSpace(piece).isEmpty {
                    emptyContinuation = true
                    continue
                }
                if joined == nil {
                    joined = Array(logical)
                    logicalScalars = reader.columns(logical)
                    pieces.append(LinePiece(offset: 0, line: startLine, column: startColumn))
                }
                (text, ends) = Continuation.trim(piece, escape: escape)
                pieces.append(LinePiece(offset: logicalScalars, line: reader.lineNumber, column: 1))
                logicalScalars += reader.columns(text)
                joined!.append(contentsOf: text)
            }
            let lines = SourceRange(lines: startLine, reader.lineNumber)
            var (node, mayHaveHeredoc): (RawInstruction, Bool)
            if let joined {
                (node, mayHaveHeredoc) = try joined.withUnsafeBufferPointer { (buffer) throws(DockerfileError) in
                    try instruction(buffer[...], escape: escape, lines: lines)
                }
            } else {
                (node, mayHaveHeredoc) = try instruction(logical, escape: escape, lines: lines)
            }
            let original = node.original
            if emptyContinuation {
                warnings.append(ParseWarning(
                    message: "Empty continuation line found in: \(original)",
                    range: SourceRange(lines: reader.lineNumber, reader.lineNumber)))
            }
            node.comments = comments
            node.pieces = pieces
            node.range.start = SourcePosition(line: startLine, column: startColumn)

            if mayHaveHeredoc {
                let found: [Heredoc]
                do throws(HeredocScanner.Failure) {
                    found = try HeredocScanner.heredocs(inLine: original)
                } catch {
                    throw DockerfileError(.syntax, error.message, range: SourceRange(lines: startLine, reader.lineNumber))
                }
                for var heredoc in found {
                    var terminated = false
                    var body: [UInt8] = []
                    while let next = try reader.next() {
                        var candidate = Bytes.trimNewline(next)
                        if heredoc.chomp { candidate = candidate.drop { $0 == 0x09 } }
                        if candidate.elementsEqual(heredoc.name.utf8) {
                            terminated = true
                            break
                        }
                        body += next
                    }
                    guard terminated else {
                        throw DockerfileError(.syntax, "unterminated heredoc",
                                              range: SourceRange(lines: startLine, reader.lineNumber),
                                              hint: "end the heredoc with a line that is exactly \(heredoc.name)")
                    }
                    heredoc.content = String(decoding: body, as: UTF8.self)
                    node.heredocs.append(heredoc)
                }
            }
            node.range.end = SourcePosition(line: reader.lineNumber,
                                            column: 1 + reader.columns(Bytes.trimNewline(reader.lastLine)))
            instructions.append(node)
            comments.removeAll()
        }
        if instructions.isEmpty {
            throw DockerfileError(.syntax, "file with no instructions",
                                  range: SourceRange(lines: max(reader.lineNumber, 1), max(reader.lineNumber, 1)))
        }
        return ParsedDockerfile(directives: directiveParser.directives, instructions: instructions, warnings: warnings)
    }
}

extension DockerfileParser {
    /// One logical line to a node; also says whether heredocs must be looked for.
    static func instruction(_ logical: ByteText, escape: Unicode.Scalar, lines: SourceRange)
        throws(DockerfileError) -> (RawInstruction, Bool)
    {
        var node: RawInstruction
        do throws(InstructionLine.Failure) {
            node = try InstructionLine.parse(logical, escape: escape)
        } catch {
            throw DockerfileError(.syntax, error.message, range: lines)
        }
        node.original = String(decoding: logical, as: UTF8.self)
        let mayHaveHeredoc = node.canContainHeredoc && Bytes.containsHeredocMarker(logical)
        return (node, mayHaveHeredoc)
    }
}

/// Splits input into physical lines on `\n`, as BuildKit's scanner does, enforcing its limit.
/// Lines are slices of the input (with their `\n`), not copies.
struct LineReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The input has no multi-byte characters: a column is a byte offset.
    let asciiOnly: Bool
    var position = 0
    private(set) var lineNumber = 0
    private(set) var lastLine: ByteText

    init(bytes: UnsafeBufferPointer<UInt8>, asciiOnly: Bool = false) {
        self.bytes = bytes
        self.asciiOnly = asciiOnly
        self.lastLine = bytes[0..<0]
    }

    /// Columns (Unicode scalars) in a piece of the input.
    func columns(_ text: ByteText) -> Int {
        asciiOnly ? text.count : Bytes.scalarCount(text)
    }

    mutating func next() throws(DockerfileError) -> ByteText? {
        let count = bytes.count
        guard position < count else { return nil }
        let start = position
        var end = count
        if let base = bytes.baseAddress, let hit = memchr(base + start, 0x0A, count - start) {
            end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        lineNumber += 1
        if end - start > DockerfileParser.maxLineBytes {
            throw DockerfileError(.limit, "dockerfile line greater than max allowed size of \(DockerfileParser.maxLineBytes)",
                                  range: SourceRange(lines: lineNumber, lineNumber))
        }
        position = end < count ? end + 1 : end
        lastLine = bytes[start..<position]
        return lastLine
    }
}

/// `# name=value` lines at the top of the file (directives.go).
struct DirectiveParser {
    var directives = Directives()
    private var done = false
    private var seen: Set<String> = []

    /// Returns true when the line was a directive.
    mutating func offer(_ line: ByteText, line number: Int) throws(DockerfileError) -> Bool {
        guard !done else { return false }
        guard let (name, value) = Self.match(line), ["syntax", "escape", "check"].contains(name) else {
            done = true
            return false
        }
        let range = SourceRange(lines: number, number)
        if seen.contains(name) {
            throw DockerfileError(.syntax, "only one \(name) parser directive can be used", range: range)
        }
        seen.insert(name)
        switch name {
        case "escape":
            guard value == "\\" || value == "`" else {
                throw DockerfileError(.syntax, "invalid escape token '\(value)' does not match ` or \\", range: range)
            }
            directives.escape = value.unicodeScalars.first!
        case "syntax": directives.syntax = value
        default: directives.check = value
        }
        directives.lines.append(number)
        return true
    }

    /// BuildKit's directive pattern: after `#` and any Unicode whitespace,
    /// `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` (Go's `\s` is `[\t\n\f\r ]`; lines reach here without `\n`), name lowercased.
    /// The lazy value group needs one character but may take a blank: a value of only
    /// blanks is still a directive, whose value is the last of those blanks.
    static func match(_ line: ByteText) -> (String, String)? {
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0C || b == 0x0D }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        guard line.first == UInt8(ascii: "#") else { return nil }
        let afterHash = Bytes.trimLeadingSpace(line.dropFirst())
        var i = afterHash.startIndex
        let end = afterHash.endIndex
        func blanks() { while i < end, isBlank(afterHash[i]) { i += 1 } }
        let nameStart = i
        guard i < end, isLetter(afterHash[i]) else { return nil }
        while i < end, isLetter(afterHash[i]) || (afterHash[i] >= 0x30 && afterHash[i] <= 0x39) { i += 1 }
        let name = String(decoding: afterHash[nameStart..<i], as: UTF8.self).lowercased()
        blanks()
        guard i < end, afterHash[i] == UInt8(ascii: "=") else { return nil }
        i += 1
        guard i < end else { return nil }  // `# escape=`: no value, not a directive
        blanks()
        if i == end {
            // Only blanks after `=`: the greedy `\s*` gives the last one back to the value.
            return (name, String(decoding: afterHash[(end - 1)..<end], as: UTF8.self))
        }
        var valueEnd = end
        while valueEnd > i, isBlank(afterHash[valueEnd - 1]) { valueEnd -= 1 }
        return (name, String(decoding: afterHash[i..<valueEnd], as: UTF8.self))
    }
}

/// Line continuation (§4): a trailing escape, optionally followed by blanks.
enum Continuation {
    /// Returns the text without the continuation marker, and whether the instruction ends here.
    static func trim(_ line: ByteText, escape: Unicode.Scalar) -> (ByteText, Bool) {
        let esc = UInt8(truncatingIfNeeded: escape.value)
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        guard end > line.startIndex, line[end - 1] == esc else { return (line, true) }
        let escapeIndex = end - 1
        if escapeIndex == line.startIndex || line[escapeIndex - 1] != esc {
            return (line[line.startIndex..<escapeIndex], false)
        }
        return (line, true)
    }
}
