#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A view of input bytes, valid while the parser runs over the input's buffer. Unsafe
/// buffer slices avoid the reference counting that array slices cost on every call.
typealias ByteText = Slice<UnsafeBufferPointer<UInt8>>

/// Byte-level helpers matching Go's `bytes`/`strings` functions the parser relies on.
enum Bytes {
    /// Go's `bytes.TrimRight(b, "\r\n")`.
    static func trimNewline(_ b: ByteText) -> ByteText {
        var end = b.endIndex
        while end > b.startIndex, b[end - 1] == 0x0A || b[end - 1] == 0x0D { end -= 1 }
        return b[b.startIndex..<end]
    }

    /// Go's `bytes.TrimLeftFunc(b, unicode.IsSpace)` on UTF-8.
    static func trimLeadingSpace(_ b: ByteText) -> ByteText {
        var i = b.startIndex
        while i < b.endIndex {
            let byte = b[i]
            if byte < 0x80 {
                guard byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) else { break }
                i += 1
                continue
            }
            let (scalar, width) = decode(b, at: i)
            guard scalar.isGoSpace else { break }
            i += width
        }
        return b[i...]
    }

    /// Go's `bytes.TrimFunc(b, unicode.IsSpace)`.
    static func trimSpace(_ b: ByteText) -> ByteText {
        let left = trimLeadingSpace(b)
        var end = left.endIndex
        while end > left.startIndex {
            let byte = left[end - 1]
            if byte < 0x80 {
                guard byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) else { break }
                end -= 1
                continue
            }
            // Step back to the start of this scalar.
            var start = end - 1
            while start > left.startIndex, left[start] & 0xC0 == 0x80 { start -= 1 }
            guard decode(left, at: start).0.isGoSpace else { break }
            end = start
        }
        return left[left.startIndex..<end]
    }

    /// A line whose first non-space character is `#`.
    static func isComment(_ b: ByteText) -> Bool {
        trimLeadingSpace(b).first == UInt8(ascii: "#")
    }

    /// `<<` somewhere in the line (a heredoc is possible).
    static func containsHeredocMarker(_ b: ByteText) -> Bool {
        guard let base = b.base.baseAddress else { return false }
        var i = b.startIndex
        while i + 1 < b.endIndex {
            guard let hit = memchr(base + i, 0x3C, b.endIndex - i - 1) else { return false }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if base[at + 1] == 0x3C { return true }
            i = at + 1
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

    static func scalarCount<C: Collection>(_ b: C) -> Int where C.Element == UInt8 {
        // Continuation bytes (10xxxxxx) do not start a scalar. Wrapping adds let this vectorise.
        var continuations = 0
        for byte in b { continuations &+= Int(truncatingIfNeeded: (byte & 0xC0) == 0x80 ? 1 : 0) }
        return b.count &- continuations
    }

    /// Decodes one scalar; invalid input yields U+FFFD with width 1 (as Go's utf8 does).
    static func decode(_ b: ByteText, at i: Int) -> (Unicode.Scalar, Int) {
        let lead = b[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard width > 1, i + width <= b.endIndex else { return ("\u{FFFD}", 1) }
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
    /// Throws for non-text input; otherwise returns whether the input is all ASCII (then
    /// columns are byte offsets and need no counting).
    @discardableResult
    static func validate(_ bytes: [UInt8]) throws(DockerfileError) -> Bool {
        var sawNonASCII = false
        guard let bad = firstInvalidByte(bytes, sawNonASCII: &sawNonASCII) else { return !sawNonASCII }
        // Only now work out where it is: most files never get here.
        var line = 1
        var lineStart = 0
        for i in 0..<bad.offset where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        let column = Bytes.scalarCount(bytes[lineStart..<bad.offset]) + 1
        let position = SourcePosition(line: line, column: column)
        let range = SourceRange(start: position, end: position)
        if bad.isNUL {
            throw DockerfileError(.notText, "NUL byte found: this looks like a binary file, not a Dockerfile", range: range)
        }
        throw DockerfileError(.notText,
            "invalid UTF-8 (byte 0x\(String(bytes[bad.offset], radix: 16))): save the Dockerfile as UTF-8 text", range: range)
    }

    /// The offset of the first NUL byte or invalid UTF-8 sequence, if any. ASCII is
    /// skipped eight bytes at a time.
    static func firstInvalidByte(_ bytes: [UInt8], sawNonASCII: inout Bool) -> (offset: Int, isNUL: Bool)? {
        var nonASCII = false
        defer { sawNonASCII = nonASCII }
        return bytes.withUnsafeBufferPointer { buffer -> (Int, Bool)? in
            let count = buffer.count
            guard let base = buffer.baseAddress else { return nil }
            var i = 0
            while i < count {
                if i + 8 <= count {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    let high: UInt64 = 0x8080_8080_8080_8080
                    let zeroByte = (word &- 0x0101_0101_0101_0101) & ~word & high
                    if (word & high) | zeroByte == 0 {
                        i += 8
                        continue
                    }
                }
                let b = base[i]
                if b >= 0x01 && b < 0x80 { i += 1; continue }
                if b == 0 { return (i, true) }
                nonASCII = true
                let width = b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0
                guard width > 0, i + width <= count else { return (i, false) }
                for k in 1..<width where base[i + k] & 0xC0 != 0x80 { return (i, false) }
                // Overlong forms, surrogates and code points above U+10FFFF.
                let b1 = base[i + 1]
                if b == 0xE0 && b1 < 0xA0 || b == 0xED && b1 >= 0xA0 || b == 0xF0 && b1 < 0x90 || b == 0xF4 && b1 >= 0x90 {
                    return (i, false)
                }
                i += width
            }
            return nil
        }
    }
}
