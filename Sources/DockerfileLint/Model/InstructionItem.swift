import DockerfileSyntax

/// An instruction as the rules see it: the top-level instruction, or the trigger of an
/// ONBUILD (then `isOnbuild` is set and `node` is the trigger), with its stage.
/// A class so that filtering and passing items around copies one reference, not the
/// instruction's many strings and arrays.
public final class InstructionItem: Sendable {
    /// The instruction (the trigger for ONBUILD items).
    public let node: RawInstruction
    /// The instruction as written in the file (the ONBUILD itself for ONBUILD items).
    public let raw: RawInstruction
    public let isOnbuild: Bool
    /// Index into `LintContext.stages`; -1 before the first FROM.
    public let stage: Int
    /// Position among the file's top-level instructions.
    public let index: Int
    /// The keyword lowercased (`run`), computed once.
    public let name: String
    /// The first line, where hadolint-style findings land.
    public let line: Int

    init(node: RawInstruction, raw: RawInstruction, isOnbuild: Bool, stage: Int, index: Int) {
        self.node = node
        self.raw = raw
        self.isOnbuild = isOnbuild
        self.stage = stage
        self.index = index
        self.name = node.name
        self.line = raw.range.start.line
    }

    public var arguments: [String] { node.arguments }

    /// The value of `--name=value` among the flags, quotes already removed by the parser.
    public func flag(_ name: String) -> String? {
        let prefix = "--\(name)="
        for f in node.flags where f.hasPrefix(prefix) { return String(f.dropFirst(prefix.count)) }
        return nil
    }

    public func hasFlag(_ name: String) -> Bool {
        node.flags.contains { $0 == "--\(name)" || $0.hasPrefix("--\(name)=") }
    }

    public func flags(_ name: String) -> [String] {
        let prefix = "--\(name)="
        return node.flags.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    /// The RUN text hadolint analyses: shell form as written (continuations joined),
    /// exec form joined with spaces.
    public var commandText: String {
        node.isJSON ? node.arguments.joined(separator: " ") : (node.arguments.first ?? "")
    }

    /// COPY/ADD sources and destination (quotes kept for shell form).
    public var copySources: [String] { Array(node.arguments.dropLast()) }
    public var copyDestination: String { node.arguments.last ?? "" }

    /// ENV/LABEL key-value pairs.
    public var pairs: [(key: String, value: String)] {
        var out: [(String, String)] = []
        var i = 0
        let a = node.arguments
        while i + 1 < a.count {
            out.append((a[i], a[i + 1]))
            i += 3
        }
        return out
    }
}

/// `--mount=type=cache,target=/x` parsed into its fields.
public struct RunMount: Sendable {
    public var fields: [String: String]
    public var type: String { fields["type"] ?? "bind" }
    public var target: String? { fields["target"] ?? fields["dst"] ?? fields["destination"] }
    public var from: String? { fields["from"] }

    public init(_ spec: String) {
        var fields: [String: String] = [:]
        for part in spec.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1)
            let key = kv[0].lowercased()
            fields[key] = kv.count > 1 ? Quotes.unquote(String(kv[1])) : ""
        }
        self.fields = fields
    }
}
