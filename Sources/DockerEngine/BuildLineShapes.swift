/// The shapes of builder output lines, recognised byte by byte. Every line a build prints
/// passes through here (a `pip install` or `apt-get` step prints thousands), so these are
/// plain scans: the Regex literals they replace cost about 0.35 ms per line, enough for the
/// reader to fall behind a chatty build and stall it on a full pipe.
enum BuildLineShapes {
    /// Classic builder: `Step 2/5 : RUN make` → (2, 5, "RUN make").
    static func classicStep(_ line: String) -> (step: Int, total: Int, instruction: String)? {
        guard line.hasPrefix("Step ") else { return nil }
        var cursor = Cursor(line, from: 5)
        guard let step = cursor.number(), cursor.skip("/"), let total = cursor.number(), cursor.skip(" : ") else { return nil }
        return (step, total, cursor.rest)
    }

    /// Classic builder: ` ---> 1a2b3c4d5e6f` (trimmed), the image a step left.
    static func isClassicImageID(_ trimmed: String) -> Bool {
        guard trimmed.hasPrefix("---> ") else { return false }
        let id = trimmed.utf8.dropFirst(5)
        return id.count >= 12 && id.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// Classic builder: `The command '/bin/sh -c false' returned a non-zero code: 1`, anywhere
    /// in the line → the command (up to the last such ending) and the code.
    static func classicFailure(_ line: String) -> (command: String, code: Int)? {
        let bytes = Array(line.utf8)
        let head = Array("The command '".utf8), tail = Array("' returned a non-zero code: ".utf8)
        guard let start = find(head, in: bytes, from: 0) else { return nil }
        let commandStart = start + head.count
        var best: (command: String, code: Int)?
        var from = commandStart
        while let at = find(tail, in: bytes, from: from) {
            var end = at + tail.count
            var code = 0
            while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39, code < Int.max / 10 - 10 {
                code = code * 10 + Int(bytes[end] - 0x30); end += 1
            }
            if end > at + tail.count {
                best = (String(decoding: bytes[commandStart..<at], as: UTF8.self), code)
            }
            from = at + 1
        }
        return best
    }

    /// BuildKit plain progress: `#12 rest of line` → ("12", "rest of line").
    static func buildKitVertex(_ line: String) -> (id: String, rest: String)? {
        guard line.hasPrefix("#") else { return nil }
        var cursor = Cursor(line, from: 1)
        let digitsStart = cursor.offset
        guard cursor.number() != nil else { return nil }
        let id = cursor.text(from: digitsStart)
        guard cursor.skip(" ") else { return nil }
        return (id, cursor.rest)
    }

    /// BuildKit: `[stage 2/3] RUN x` or `[2/3] RUN x` → (stage, 2, 3, "RUN x").
    static func buildKitStep(_ rest: String) -> (stage: String?, step: Int, total: Int, instruction: String)? {
        guard rest.hasPrefix("[") else { return nil }
        let bytes = Array(rest.utf8)
        guard let close = find(Array("] ".utf8), in: bytes, from: 1) else { return nil }
        let inside = bytes[1..<close]
        // "N/M" at the end of the brackets, after a space when a stage name comes first.
        guard let slash = inside.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        let totalBytes = inside[(slash + 1)...]
        var numberStart = slash
        while numberStart > inside.startIndex, bytes[numberStart - 1] >= 0x30, bytes[numberStart - 1] <= 0x39 { numberStart -= 1 }
        let stepBytes = inside[numberStart..<slash]
        guard let step = number(stepBytes), let total = number(totalBytes) else { return nil }
        var stage: String?
        if numberStart > inside.startIndex {
            guard bytes[numberStart - 1] == UInt8(ascii: " "), numberStart - 1 > inside.startIndex else { return nil }
            stage = String(decoding: bytes[inside.startIndex..<(numberStart - 1)], as: UTF8.self)
        }
        return (stage, step, total, String(decoding: bytes[(close + 2)...], as: UTF8.self))
    }

    /// BuildKit: `0.153 some output` → "some output" (a step's output with its timestamp).
    static func buildKitOutput(_ rest: String) -> String? {
        var cursor = Cursor(rest, from: 0)
        guard cursor.number() != nil, cursor.skip("."), cursor.number() != nil, cursor.skip(" ") else { return nil }
        return cursor.rest
    }

    // MARK: helpers

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for d in digits {
            guard d >= 0x30, d <= 0x39 else { return nil }
            value = value * 10 + Int(d - 0x30)
        }
        return value
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var i = from
        while i <= bytes.count - needle.count {
            if bytes[i] == first {
                var j = 1
                while j < needle.count, bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Reads a line's bytes left to right.
    private struct Cursor {
        let bytes: [UInt8]
        var offset: Int

        init(_ line: String, from offset: Int) { bytes = Array(line.utf8); self.offset = offset }

        mutating func number() -> Int? {
            let start = offset
            var value = 0
            while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39, offset - start < 18 {
                value = value * 10 + Int(bytes[offset] - 0x30); offset += 1
            }
            if offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 { return nil }  // too long to be a count
            return offset > start ? value : nil
        }

        mutating func skip(_ literal: String) -> Bool {
            let expected = Array(literal.utf8)
            guard bytes.count - offset >= expected.count, bytes[offset..<(offset + expected.count)].elementsEqual(expected) else { return false }
            offset += expected.count
            return true
        }

        func text(from start: Int) -> String { String(decoding: bytes[start..<offset], as: UTF8.self) }
        var rest: String { String(decoding: bytes[offset...], as: UTF8.self) }
    }
}
