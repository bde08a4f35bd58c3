/// Byte-level helpers matching Go's `bytes`/`strings` functions the parser relies on.
enum Bytes {
    /// Go's `bytes.TrimRight(b, "\r\n")`.
    static func trimNewline(_ b: [UInt8]) -> [UInt8] {
        var end = b.count
        while end > 0, b[end - 1] == 0x0A || b[end - 1] == 0x0D { end -= 1 }
        return end == b.count ? b : Array(b[..<end])
    }

    /// Go's `bytes.TrimLeftFunc(b, unicode.IsSpace)` on UTF-8.
    static func trimLeadingSpace(_ b: [UInt8]) -> [UInt8] {
        var i = 0
        while i < b.count {
            let (scalar, width) = decode(b, at: i)
            guard scalar.isGoSpace else { break }
            i += width
        }
        return i == 0 ? b : Array(b[i...])
    }

    /// A line whose first non-space character is `#`.
    static func isComment(_ b: [UInt8]) -> Bool {
        var i = 0
        while i < b.count {
            let (scalar, width) = decode(b, at: i)
            if scalar.isGoSpace { i += width; continue }
            return scalar == "#"
        }
        return false
    }

    /// Go's `strings.TrimSpace`.
    static func trimSpace(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isGoSpace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isGoSpace })!
        return String(scalars[first...last])
    }

    static func scalarCount(_ b: ArraySlice<UInt8>) -> Int {
        b.reduce(0) { $0 + (($1 & 0xC0) == 0x80 ? 0 : 1) }
    }

    /// Decodes one scalar; invalid input yields U+FFFD with width 1 (as Go's utf8 does).
    static func decode(_ b: [UInt8], at i: Int) -> (Unicode.Scalar, Int) {
        let lead = b[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard width > 1, i + width <= b.count else { return ("\u{FFFD}", 1) }
        var value = UInt32(lead) & (0xFF >> (width + 1))
        for k in 1..<width {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = value << 6 | UInt32(c & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
    }
}

/// Rejects input that is not text: invalid UTF-8 or NUL bytes, with line and column.
enum TextCheck {
    static func validate(_ bytes: [UInt8]) throws(DockerfileError) {
        // Fast path: plain ASCII without NUL is the common case.
        var line = 1
        var lineStart = 0
        var i = 0
        let count = bytes.count
        while i < count {
            let b = bytes[i]
            if b >= 0x01 && b < 0x80 {
                if b == 0x0A { line += 1; lineStart = i + 1 }
                i += 1
                continue
            }
            let column = Bytes.scalarCount(bytes[lineStart..<i]) + 1
            let position = SourcePosition(line: line, column: column)
            if b == 0 {
                throw DockerfileError(.notText,
                    "NUL byte found: this looks like a binary file, not a Dockerfile",
                    range: SourceRange(start: position, end: position))
            }
            let width = b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0
            var valid = width > 0 && i + width <= count
            if valid {
                for k in 1..<width where bytes[i + k] & 0xC0 != 0x80 { valid = false }
            }
            if valid {
                // Overlong and surrogate forms.
                let b1 = bytes[i + 1]
                if b == 0xE0 && b1 < 0xA0 || b == 0xED && b1 >= 0xA0 || b == 0xF0 && b1 < 0x90 || b == 0xF4 && b1 >= 0x90 {
                    valid = false
                }
            }
            guard valid else {
                throw DockerfileError(.notText,
                    "invalid UTF-8 (byte 0x\(String(b, radix: 16))): save the Dockerfile as UTF-8 text",
                    range: SourceRange(start: position, end: position))
            }
            i += width
        }
    }
}
