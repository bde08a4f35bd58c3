/// An image reference read the way hadolint reads it: a registry only when the first path
/// component contains a dot; otherwise everything after the first `:` is the tag, so
/// `localhost:5000/app` is image `localhost` with tag `5000/app`.
public struct HadolintImageReference: Sendable, Hashable {
    public var registry: String?
    /// The name without registry, tag or digest (`python`, `library/python`).
    public var name: String
    public var tag: String?
    public var digest: String?

    public init(_ text: String) {
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        if let slash = rest.firstIndex(of: "/"), rest[..<slash].contains(".") {
            registry = String(rest[..<slash])
            rest = rest[rest.index(after: slash)...]
        }
        if let colon = rest.firstIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        name = String(rest)
    }
}
