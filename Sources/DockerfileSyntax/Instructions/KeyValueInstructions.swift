/// A `key=value` pair of ENV or LABEL, quotes still in place (they go at expansion).
public struct KeyValuePair: Hashable, Sendable {
    public var key: String
    public var value: String
    /// Written as `key value` (legacy form) instead of `key=value`.
    public var isLegacy: Bool
}

/// `ENV` and `LABEL`.
public struct KeyValueInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    public var pairs: [KeyValuePair]
}

/// One name of an `ARG`, with its default when it has one.
public struct ArgDeclaration: Hashable, Sendable {
    public var name: String
    public var defaultValue: String?
}

/// `ARG name[=default] …`.
public struct ArgInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    public var args: [ArgDeclaration]
}
