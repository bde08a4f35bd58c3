/// Exec form: the argument text must be one valid JSON value (as Go's encoding/json reads
/// it) that is an array. Invalid JSON silently means "not exec form"; a valid array with a
/// non-string element is a hard error. A number beyond float64 (`1e400`) fails Go's decoding
/// itself, anywhere in the value, so the whole text is "not exec form" rather than that error.
enum JSONArray {
    enum Outcome: Equatable {
        case strings([String])
        case notStrings
        case invalid
    }

    static let notStringsMessage = "when using JSON array syntax, arrays must be comprised of strings only"

    static func parse(_ text: ByteText) -> Outcome {
        let trimmed = Bytes.trimLeadingSpace(text)
        guard trimmed.first == UInt8(ascii: "[") else { return .invalid }
        var reader = Reader(bytes: trimmed)
        guard let value = reader.readValue() else { return .invalid }
        reader.skipSpace()
        guard reader.atEnd, !reader.overflowed, case .array(let items) = value else { return .invalid }
        var strings: [String] = []
        strings.reserveCapacity(items.count)
        for item in items {
            guard case .string(let s) = item else { return .notStrings }
            strings.append(s)
        }
        return .strings(strings)
    }

    enum Value {
        case string(String)
        case array([Value])
        case other
    }

    struct Reader {
        let bytes: ByteText
        var i: Int
        /// A number too large for a float64 was read (Go: "cannot unmarshal number … into float64").
        var overflowed = false
        var atEnd: Bool { i >= bytes.endIndex }

        init(bytes: ByteText) {
            self.bytes = bytes
            self.i = bytes.startIndex
        }

        mutating func skipSpace() {
            while i < bytes.endIndex, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }

        mutating func readValue(depth: Int = 0) -> Value? {
            guard depth < 10_000 else { return nil }
            skipSpace()
            guard i < bytes.endIndex else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "["):
                i += 1
                var items: [Value] = []
                skipSpace()
                if i < bytes.endIndex, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    guard let item = readValue(depth: depth + 1) else { return nil }
                    items.append(item)
                    skipSpace()
                    guard i < bytes.endIndex else { return nil }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    return nil
                }
            case UInt8(ascii: "{"):
                i += 1
                skipSpace()
                if i < bytes.endIndex, bytes[i] == UInt8(ascii: "}") { i += 1; return .other }
                while true {
                    skipSpace()
                    guard i < bytes.endIndex, bytes[i] == UInt8(ascii: "\""), readString() != nil else { return nil }
                    skipSpace()
                    guard i < bytes.endIndex, bytes[i] == UInt8(ascii: ":") else { return nil }
                    i += 1
                    guard readValue(depth: depth + 1) != nil else { return nil }
                    skipSpace()
                    guard i < bytes.endIndex else { return nil }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .other }
                    return nil
                }
            case UInt8(ascii: "\""):
                return readString().map(Value.string)
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default:
                return readNumber()
            }
        }

        mutating func literal(_ word: String) -> Value? {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.endIndex, bytes[i..<(i + w.count)].elementsEqual(w) else { return nil }
            i += w.count
            return .other
        }

        mutating func readNumber() -> Value? {
            let start = i
            defer { if !overflowed, i > start { checkRange(bytes[start..<i]) } }
            func digits() -> Int {
                let start = i
                while i < bytes.endIndex, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
                return i - start
            }
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.endIndex else { return nil }
            if bytes[i] == UInt8(ascii: "0") {
                i += 1
            } else {
                guard digits() > 0 else { return nil }
            }
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { return nil }
            }
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { return nil }
            }
            return .other
        }

        /// Go's strconv.ParseFloat fails with ErrRange when the value rounds beyond the largest
        /// float64 (underflow quietly gives 0). Only an exponent or 309 digits can get there.
        mutating func checkRange(_ number: ByteText) {
            guard number.count >= 309 || number.contains(where: { $0 | 0x20 == UInt8(ascii: "e") }) else { return }
            if let value = Double(String(decoding: number, as: UTF8.self)), value.isInfinite { overflowed = true }
        }

        /// A string at `i` (which holds the opening quote); escapes decoded, lone
        /// surrogates replaced by U+FFFD as Go does.
        mutating func readString() -> String? {
            i += 1
            // Fast path: no escapes, the string is a slice of the input.
            let start = i
            while i < bytes.endIndex, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") {
                if bytes[i] < 0x20 { return nil }
                i += 1
            }
            guard i < bytes.endIndex else { return nil }
            if bytes[i] == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: bytes[start..<(i - 1)], as: UTF8.self)
            }
            var out = Array(bytes[start..<i])
            func append(_ scalar: Unicode.Scalar) {
                out.append(contentsOf: UTF8.encode(scalar)!)
            }
            while i < bytes.endIndex {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if b < 0x20 { return nil }
                if b != UInt8(ascii: "\\") {
                    out.append(b)
                    i += 1
                    continue
                }
                i += 1
                guard i < bytes.endIndex else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(e)
                case UInt8(ascii: "\\"): out.append(e)
                case UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard let unit = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(unit) {
                        // A high surrogate needs a following \uDC00-\uDFFF.
                        let save = i
                        if i + 1 < bytes.endIndex, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                            i += 2
                            if let low = hex4(), (0xDC00..<0xE000).contains(low) {
                                let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                                append(Unicode.Scalar(value) ?? "\u{FFFD}")
                                break
                            }
                        }
                        i = save
                        append("\u{FFFD}")
                    } else {
                        append(Unicode.Scalar(unit) ?? "\u{FFFD}")
                    }
                default:
                    return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.endIndex else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = bytes[i + k]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: return nil
                }
                v = v << 4 | d
            }
            i += 4
            return v
        }
    }
}
