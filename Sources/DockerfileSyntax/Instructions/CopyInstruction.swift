/// `COPY` and `ADD`: sources, destination and their flags.
public struct CopyInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    public var isAdd: Bool
    public var sources: [String]
    public var destination: String
    /// `--from=stage|image|index` (COPY only).
    public var from: String?
    public var chown: String?
    public var chmod: String?
    public var link: Bool
    /// ADD `--checksum=`.
    public var checksum: String?
    public var excludes: [String]
    public var heredocs: [Heredoc] { raw.heredocs }

    /// Sources that are URLs (`http://`, `https://`, git).
    public var remoteSources: [String] {
        sources.filter { $0.hasPrefix("http://") || $0.hasPrefix("https://") || $0.hasPrefix("git@") }
    }
}
