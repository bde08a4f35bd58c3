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
        out.reserveCapacity(s.utf8.count + 2)
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
