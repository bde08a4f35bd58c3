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

/// A minimal streaming JSON writer: compact, valid, control characters escaped.
public struct JSONWriter: Sendable {
    public private(set) var output = ""
    /// Per open container: whether the next value needs a comma before it.
    private var needsComma: [Bool] = [false]

    public init() {}

    private mutating func beforeValue() {
        if needsComma[needsComma.count - 1] { output += "," }
        needsComma[needsComma.count - 1] = true
    }

    public mutating func key(_ k: String) {
        beforeValue()
        output += Self.quoted(k) + ":"
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ s: String) { beforeValue(); output += Self.quoted(s) }
    public mutating func int(_ n: Int) { beforeValue(); output += String(n) }
    public mutating func double(_ d: Double) { beforeValue(); output += d.isFinite ? String(d) : "null" }
    public mutating func bool(_ b: Bool) { beforeValue(); output += String(b) }
    public mutating func null() { beforeValue(); output += "null" }
    public mutating func optional(_ s: String?) { if let s { string(s) } else { null() } }

    public mutating func strings(_ list: [String]) {
        beginArray()
        for s in list { string(s) }
        endArray()
    }

    public mutating func beginObject() { beforeValue(); output += "{"; needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); output += "}" }
    public mutating func beginArray() { beforeValue(); output += "["; needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); output += "]" }

    public static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
