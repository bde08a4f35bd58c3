import DockerfileSyntax

/// How to fix one finding, as rustc and Clippy give it: the learner's own text corrected
/// (edits to the file), marked safe to apply by machine or not; or, where no rewrite is
/// right, only the advice (what to look up and how, or why it is a judgement).
public struct Suggestion: Sendable, Hashable {
    public enum Applicability: String, Sendable, Hashable {
        /// Means the same build, only better: `lint --fix` applies it.
        case safe
        /// Right in most files but may change behaviour: `lint --fix --unsafe` applies it.
        case unsafe
        /// Advice only: no edits.
        case advice
    }

    /// One line saying what the edits do, or the advice itself.
    public var message: String
    public var edits: [TextEdit]
    public var applicability: Applicability

    public init(_ message: String, edits: [TextEdit] = [], _ applicability: Applicability) {
        self.message = message
        self.edits = edits
        self.applicability = edits.isEmpty ? .advice : applicability
    }

    /// Advice with no rewrite (a version to look up, a judgement).
    public static func advice(_ message: String) -> Suggestion { Suggestion(message, .advice) }

    public var isRewrite: Bool { !edits.isEmpty }
}

/// Replace the text of `range` (start inclusive, end exclusive; equal for an insertion)
/// with `replacement`. Positions are the parser's: line and column in Unicode scalars.
public struct TextEdit: Sendable, Hashable {
    public var range: SourceRange
    public var replacement: String

    public init(_ range: SourceRange, _ replacement: String) {
        self.range = range
        self.replacement = replacement
    }

    public static func insert(_ text: String, at position: SourcePosition) -> TextEdit {
        TextEdit(SourceRange(start: position, end: position), text)
    }
}
