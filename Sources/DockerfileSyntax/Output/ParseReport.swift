/// `parse --format tree` and `--format json`: stages with their typed instructions.
public enum ParseReport {
    public static func tree(_ file: Dockerfile) -> String {
        var out = ""
        func line(_ instruction: Instruction, indent: String) {
            let r = instruction.range
            out += "\(indent)\(instruction.keyword)  \(r.start.line):\(r.start.column)-\(r.end.line):\(r.end.column)\n"
            for (name, value) in InstructionFields.fields(of: instruction) where value != .null {
                out += "\(indent)    \(name): \(text(value))\n"
            }
        }
        if let syntax = file.directives.syntax { out += "# syntax=\(syntax)\n" }
        if file.directives.escape != "\\" { out += "# escape=\(file.directives.escape)\n" }
        for arg in file.metaArgs { line(.arg(arg), indent: "") }
        for stage in file.stages {
            out += "stage \(stage.index)\(stage.name.map { " \"\($0)\"" } ?? "")\n"
            line(.from(stage.from), indent: "  ")
            for instruction in stage.instructions { line(instruction, indent: "  ") }
        }
        for problem in file.problems { out += "problem: \(problem)\n" }
        for warning in file.warnings { out += "warning: \(warning.range.start.line): \(warning.message)\n" }
        return out
    }

    public static func json(_ file: Dockerfile) -> String {
        var w = JSONWriter()
        func instruction(_ i: Instruction) {
            w.beginObject()
            w.key("instruction"); w.string(i.keyword)
            w.key("line"); w.int(i.range.start.line)
            w.key("column"); w.int(i.range.start.column)
            w.key("endLine"); w.int(i.range.end.line)
            w.key("flags"); w.strings(i.raw.flags)
            w.key("original"); w.string(i.raw.original)
            w.key("fields")
            w.beginObject()
            for (name, value) in InstructionFields.fields(of: i) {
                w.key(name)
                switch value {
                case .string(let s): w.string(s)
                case .bool(let b): w.bool(b)
                case .int(let n): w.int(n)
                case .list(let l): w.strings(l)
                case .null: w.null()
                }
            }
            w.endObject()
            w.endObject()
        }
        func message(line: Int, _ text: String) {
            w.beginObject()
            w.key("line"); w.int(line)
            w.key("message"); w.string(text)
            w.endObject()
        }
        w.beginObject()
        w.key("directives")
        w.beginObject()
        w.key("syntax"); w.optional(file.directives.syntax)
        w.key("escape"); w.string(String(file.directives.escape))
        w.key("check"); w.optional(file.directives.check)
        w.endObject()
        w.key("metaArgs")
        w.beginArray()
        for a in file.metaArgs { instruction(.arg(a)) }
        w.endArray()
        w.key("stages")
        w.beginArray()
        for stage in file.stages {
            w.beginObject()
            w.key("index"); w.int(stage.index)
            w.key("name"); w.optional(stage.name)
            w.key("instructions")
            w.beginArray()
            instruction(.from(stage.from))
            for i in stage.instructions { instruction(i) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("problems")
        w.beginArray()
        for p in file.problems { message(line: p.range?.start.line ?? 0, p.message) }
        w.endArray()
        w.key("warnings")
        w.beginArray()
        for warning in file.warnings { message(line: warning.range.start.line, warning.message) }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }

    static func text(_ value: FieldValue) -> String {
        switch value {
        case .string(let s): GoQuote.quote(s)
        case .bool(let b): String(b)
        case .int(let n): String(n)
        case .list(let l): "[" + l.map(GoQuote.quote).joined(separator: ", ") + "]"
        case .null: "null"
        }
    }
}
