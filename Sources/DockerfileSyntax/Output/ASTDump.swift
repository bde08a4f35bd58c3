/// BuildKit's `Node.Dump()` text: one `(instruction …)` line per instruction, the format
/// of BuildKit's own parser test `result` files.
public enum ASTDump {
    public static func dump(_ file: ParsedDockerfile) -> String {
        var out = ""
        for instruction in file.instructions {
            out += "(" + dump(instruction) + ")\n"
        }
        return out
    }

    public static func dump(_ node: RawInstruction) -> String {
        var s = node.keyword.lowercased()
        if !node.flags.isEmpty {
            s += " [" + node.flags.map(GoQuote.quote).joined(separator: " ") + "]"
        }
        if let trigger = node.onbuildTrigger {
            s += " (" + dump(trigger) + ")"
        }
        for argument in node.arguments {
            s += " " + GoQuote.quote(argument)
        }
        return Bytes.trimSpace(s)
    }
}
