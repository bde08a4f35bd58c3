/// `RUN [--mount=…] [--network=…] [--security=…] command`.
public struct RunInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    public var command: CommandForm
    public var mounts: [RunMount]
    public var network: String?
    public var security: String?
    public var heredocs: [Heredoc] { raw.heredocs }

    /// The shell text this RUN executes: the command, plus heredoc bodies for
    /// `RUN <<EOF` forms (as BuildKit hands them to the shell). Nil for exec form.
    public var shellScript: String? {
        guard case .shell(let text) = command else { return nil }
        if heredocs.isEmpty { return text }
        if text.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("<<"), heredocs.count == 1 {
            return heredocs[0].chompedContent
        }
        return ([text] + heredocs.map { $0.chompedContent + $0.name }).joined(separator: "\n")
    }
}

/// One `--mount=type=cache,target=/root/.cache` of a RUN: CSV fields, keys lowercased.
public struct RunMount: Hashable, Sendable {
    public var type: String
    public var fields: [String: String]
    public var target: String? { fields["target"] ?? fields["dst"] ?? fields["destination"] }
    public var source: String? { fields["source"] ?? fields["src"] }
    public var from: String? { fields["from"] }

    init(_ text: String) {
        var fields: [String: String] = [:]
        for field in CSVFields.split(text) {
            let pieces = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = pieces[0].lowercased()
            fields[key] = pieces.count > 1 ? String(pieces[1]) : ""
        }
        self.type = fields["type"].map { $0.lowercased() } ?? "bind"
        self.fields = fields
    }
}

/// Splits `a=1,"b=2,3",c` as Go's encoding/csv does for one record.
enum CSVFields {
    static func split(_ text: String) -> [String] {
        var out: [String] = []
        var field = ""
        var inQuotes = false
        var chars = text.makeIterator()
        while let c = chars.next() {
            if inQuotes {
                if c == "\"" { inQuotes = false } else { field.append(c) }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                out.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        out.append(field)
        return out
    }
}
