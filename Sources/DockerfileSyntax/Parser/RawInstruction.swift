/// One instruction as BuildKit's parser leaves it (its `parser.Node`): the keyword as
/// written, the `--flags`, the argument strings, heredocs and where it came from.
/// The typed layer (`Instruction`) is built on top of this.
public struct RawInstruction: Hashable, Sendable {
    /// The instruction word as written (`RUN`, `run`, `Copy`); empty for a bare `\` line.
    public let keyword: String
    /// Which instruction this is (`.unknown` for a word BuildKit does not know).
    public let kind: InstructionKind
    /// `--flag` words before the arguments, quotes and escapes removed.
    public var flags: [String]
    /// The arguments, as BuildKit's per-instruction parser splits them (§6 of NOTES.md).
    public var arguments: [String]
    /// The arguments were written as a JSON array (exec form).
    public var isJSON: Bool
    /// The trigger of an ONBUILD (zero or one element).
    public var trigger: [RawInstruction]
    /// The logical line: continuations joined, comments inside removed, no heredoc bodies.
    public var original: String
    public var heredocs: [Heredoc]
    /// Comment lines directly above the instruction (BuildKit's PrevComment).
    public var comments: [String]
    /// From the keyword to the end of the last line consumed (heredoc bodies included).
    public var range: SourceRange
    /// Where each physical piece of `original` starts in the file, to map offsets back
    /// (empty when the instruction is on one line).
    public var pieces: [LinePiece]

    /// The keyword lowercased: `run`, `copy`, … (what BuildKit dispatches on).
    public var name: String { kind == .unknown ? keyword.lowercased() : kind.rawValue }

    /// RUN, COPY and ADD (also as an ONBUILD trigger) in shell form may carry heredocs.
    /// BuildKit looks one level into an ONBUILD only: `ONBUILD ONBUILD RUN <<EOF` has none.
    var canContainHeredoc: Bool {
        if kind == .onbuild { return trigger.first?.takesHeredocItself ?? false }
        return takesHeredocItself
    }

    /// RUN, COPY or ADD in shell form (asked of the node itself; no copy of it is made on
    /// the parser's path).
    private var takesHeredocItself: Bool {
        switch kind {
        case .run, .copy, .add: return !isJSON
        default: return false
        }
    }

    /// The ONBUILD trigger, if this is an ONBUILD.
    public var onbuildTrigger: RawInstruction? { trigger.first }

    public init(
        keyword: String, kind: InstructionKind? = nil, flags: [String] = [], arguments: [String] = [], isJSON: Bool = false,
        trigger: [RawInstruction] = [], original: String = "", heredocs: [Heredoc] = [],
        comments: [String] = [], range: SourceRange = SourceRange(lines: 1, 1), pieces: [LinePiece] = []
    ) {
        self.keyword = keyword
        self.kind = kind ?? InstructionKind(keyword: keyword.utf8)
        self.flags = flags
        self.arguments = arguments
        self.isJSON = isJSON
        self.trigger = trigger
        self.original = original
        self.heredocs = heredocs
        self.comments = comments
        self.range = range
        self.pieces = pieces
    }

    /// The file position of a scalar offset into `original`.
    public func position(ofOffset offset: Int) -> SourcePosition {
        guard var best = pieces.first else {
            return SourcePosition(line: range.start.line, column: range.start.column + offset)
        }
        for piece in pieces where piece.offset <= offset { best = piece }
        return SourcePosition(line: best.line, column: best.column + (offset - best.offset))
    }

    /// The range of the first occurrence of `text` in `original` at or after scalar offset
    /// `from`, so a finding can point at an argument or flag.
    public func range(of text: String, from: Int = 0) -> SourceRange? {
        let haystack = Array(original.unicodeScalars)
        let needle = Array(text.unicodeScalars)
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        var i = max(0, from)
        while i + needle.count <= haystack.count {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) {
                return SourceRange(start: position(ofOffset: i), end: position(ofOffset: i + needle.count))
            }
            i += 1
        }
        return nil
    }
}

/// A physical line's share of an instruction's logical line.
public struct LinePiece: Hashable, Sendable {
    /// Scalar offset in the logical line where this piece starts.
    public var offset: Int
    public var line: Int
    /// Column (1-based, in scalars) of the piece's first character in its physical line.
    public var column: Int
}

/// A here-document attached to RUN, COPY or ADD (`<<EOF` … `EOF`).
public struct Heredoc: Hashable, Sendable, Codable {
    public var name: String
    public var fileDescriptor: Int
    /// Variables in the body are expanded (the name was not quoted).
    public var expand: Bool
    /// `<<-`: leading tabs are stripped from the body when used.
    public var chomp: Bool
    /// The body lines verbatim, each with its line ending.
    public var content: String

    public init(name: String, fileDescriptor: Int = 0, expand: Bool = true, chomp: Bool = false, content: String = "") {
        self.name = name
        self.fileDescriptor = fileDescriptor
        self.expand = expand
        self.chomp = chomp
        self.content = content
    }

    /// The body with leading tabs removed from every line when `chomp` is set.
    public var chompedContent: String {
        guard chomp else { return content }
        return content.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.drop { $0 == "\t" } }
            .joined(separator: "\n")
    }
}

/// A warning the parser itself raises (BuildKit's NoEmptyContinuation).
public struct ParseWarning: Hashable, Sendable {
    public var message: String
    public var range: SourceRange
}

/// Parser directives from the top of the file (`# syntax=`, `# escape=`, `# check=`).
public struct Directives: Hashable, Sendable {
    public var syntax: String?
    public var escape: Unicode.Scalar = "\\"
    public var check: String?
    /// Lines that held a directive.
    public var lines: [Int] = []
}
