import DockerfileSyntax

/// Minimal JSON writing (ordered keys, correct escaping) without Foundation's encoder cost.
enum JSONText {
    /// One escaping rule for every JSON the project writes: the parser's writer.
    static func string(_ s: String) -> String { JSONWriter.quoted(s) }

    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
}
