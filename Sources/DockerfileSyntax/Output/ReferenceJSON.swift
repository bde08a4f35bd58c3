/// The JSON shape printed by ../shared/conformance/buildkit-parser/dump_reference.py (the
/// official Go parser's view), so ours can be diffed against it file by file.
public enum ReferenceJSON {
    public static let parserID = "dockerlings DockerfileSyntax (BuildKit parser semantics, current)"

    public static func render(_ result: Result<ParsedDockerfile, DockerfileError>) -> String {
        var out = "{\n \"parser\": \(string(parserID)),\n"
        switch result {
        case .failure(let error):
            out += " \"ok\": false,\n \"error\": \(string(error.message))\n}\n"
        case .success(let file):
            out += " \"ok\": true,\n \"instructions\": ["
            if file.instructions.isEmpty {
                out += "]\n}\n"
                return out
            }
            out += "\n"
            out += file.instructions.map(instruction).joined(separator: ",\n")
            out += "\n ]\n}\n"
        }
        return out
    }

    static func instruction(_ node: RawInstruction) -> String {
        let trigger = node.onbuildTrigger
        let shown = trigger ?? node
        var fields: [String] = []
        fields.append("\"cmd\": \(nullable(node.keyword))")
        fields.append("\"sub_cmd\": \(nullable(trigger?.keyword ?? ""))")
        fields.append("\"json\": \(shown.isJSON)")
        fields.append("\"original\": \(nullable(node.original))")
        fields.append("\"start_line\": \(node.range.start.line)")
        fields.append("\"end_line\": \(node.range.end.line)")
        fields.append("\"flags\": \(list(node.flags))")
        // The wrapper reports key/value pairs for ENV and LABEL (no separator node).
        var values = shown.arguments
        if ["env", "label"].contains(shown.name) {
            values = stride(from: 0, to: values.count, by: 3).flatMap { Array(values[$0..<min($0 + 2, values.count)]) }
        }
        // A nested ONBUILD's trigger hangs off a value-less node: the wrapper shows one "".
        if trigger?.onbuildTrigger != nil { values = [""] }
        fields.append("\"value\": \(list(values))")
        let docs = node.heredocs.map { h in
            "    {\n     \"name\": \(string(h.name)),\n     \"file_descriptor\": \(h.fileDescriptor),\n     \"content\": \(string(h.content))\n    }"
        }
        fields.append("\"heredocs\": " + (docs.isEmpty ? "[]" : "[\n" + docs.joined(separator: ",\n") + "\n   ]"))
        return "  {\n   " + fields.joined(separator: ",\n   ") + "\n  }"
    }

    static func list(_ items: [String]) -> String {
        items.isEmpty ? "[]" : "[\n    " + items.map(string).joined(separator: ",\n    ") + "\n   ]"
    }

    static func nullable(_ s: String) -> String { s.isEmpty ? "null" : string(s) }

    static func string(_ s: String) -> String { JSONWriter.quoted(s) }
}
