/// Why a Dockerfile could not be read or parsed, with the place that caused it.
/// `message` is BuildKit's own wording where BuildKit has one, so it can be compared.
public struct DockerfileError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The bytes are not a text file: invalid UTF-8, NUL bytes.
        case notText
        /// A limit BuildKit enforces (a line over 65535 bytes).
        case limit
        /// A syntax error the parser itself raises.
        case syntax
        /// Parsed, but an instruction is malformed (the typed layer's errors).
        case instruction
    }

    public var kind: Kind
    public var message: String
    public var range: SourceRange?
    /// What to do about it, when there is something better to say than the message.
    public var hint: String?

    public init(_ kind: Kind, _ message: String, range: SourceRange? = nil, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
        self.hint = hint ?? Self.defaultHint(for: message)
    }

    static func defaultHint(for message: String) -> String? {
        if message == "file with no instructions" { return "a Dockerfile needs at least a FROM line" }
        if message.hasPrefix("dockerfile line greater") { return "split the line with a trailing \\ continuation" }
        if message.hasPrefix("unknown instruction") {
            return "check the spelling; instructions are FROM, RUN, CMD, LABEL, EXPOSE, ENV, ADD, COPY, ENTRYPOINT, VOLUME, USER, WORKDIR, ARG, ONBUILD, STOPSIGNAL, HEALTHCHECK, SHELL"
        }
        return nil
    }

    public var description: String {
        guard let range else { return message }
        return "\(range.start.line):\(range.start.column): \(message)"
    }
}
