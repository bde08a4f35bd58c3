/// `FROM [--platform=P] image[:tag][@digest] [AS name]`.
public struct FromInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    /// The image as written (variables not expanded).
    public var image: String
    /// The image split into registry, repository, tag and digest (as written).
    public var reference: ImageReference { ImageReference(image) }
    public var platform: String?
    /// The stage name, lowercased as BuildKit stores it.
    public var alias: String?
    /// The stage name as written (for casing checks).
    public var aliasAsWritten: String?
}

/// An image reference split into its parts: `registry/name:tag@digest`.
public struct ImageReference: Hashable, Sendable {
    /// Registry host when the first path part looks like one (`quay.io`, `localhost:5000`).
    public var registry: String?
    /// The repository path without registry (`library/debian`, `debian`).
    public var repository: String
    public var tag: String?
    public var digest: String?

    public init(_ text: String) {
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        let lastSlash = rest.lastIndex(of: "/")
        let nameStart = lastSlash.map { rest.index(after: $0) } ?? rest.startIndex
        if let colon = rest[nameStart...].lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].contains(".") || parts[0].contains(":") || parts[0] == "localhost" {
            registry = String(parts[0])
            repository = String(parts[1])
        } else {
            repository = String(rest)
        }
    }

    /// `scratch` is no image at all.
    public var isScratch: Bool { registry == nil && repository.lowercased() == "scratch" }

    /// Registry, repository, tag and digest written back as one reference.
    public var description: String {
        var s = registry.map { $0 + "/" } ?? ""
        s += repository
        if let tag { s += ":" + tag }
        if let digest { s += "@" + digest }
        return s
    }
}
