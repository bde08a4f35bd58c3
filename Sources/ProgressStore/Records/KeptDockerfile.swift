import Foundation

/// What an attempt keeps of the Dockerfile it graded. A file over `limit` is refused before
/// it is parsed (no Dockerfile is that large: it is the wrong file), so it is not kept
/// either: a one-line note takes its place. The note has no instruction, so grading it again
/// (a re-grade) is refused at the parse check, as the original was.
public enum KeptDockerfile {
    /// The largest Dockerfile the grader reads, and so the largest an attempt keeps.
    public static let limit = 1 << 20

    static let notePrefix = "# dockerlings kept no copy of this Dockerfile:"

    /// The text an attempt stores for the bytes graded: as shown (invalid UTF-8 replaced),
    /// or the note when they are over the limit.
    public static func text(for bytes: Data) -> String {
        bytes.count > limit ? note(bytes: bytes.count) : String(decoding: bytes, as: UTF8.self)
    }

    /// `text`, or the note in its place when it is over the limit.
    static func kept(_ text: String) -> String {
        text.utf8.count > limit ? note(bytes: text.utf8.count) : text
    }

    static func note(bytes: Int) -> String {
        "\(notePrefix) it was \(bytes) bytes, over the \(limit) a Dockerfile may be, so it was refused ungraded.\n"
    }

    /// A note left in place of a Dockerfile over the limit (a bundle from an older
    /// dockerlings, which kept such files whole, carries the original's SHA-256 with it).
    static func isNote(_ text: String) -> Bool {
        text.utf8.count < 512 && text.hasPrefix(notePrefix)
    }
}
