/// One cache entry as bytes: plain text, written and read without Foundation's JSON (whose
/// first use in a process costs about a millisecond of dynamic casts, more than the rest of
/// a cached lint's ShellCheck work).
///
///     <script's UTF-8 byte count> <number of comments>\n
///     <the script>\n
///     <code>\t<level>\t<line>\t<column>\t<end line>\t<end column>\t<message>\n   (one per comment)
///     end\n
///
/// In the message, a backslash, tab and newline are written `\\`, `\t` and `\n`. The counts
/// and the closing line make a torn entry (a crash between write and disk) fail to read,
/// never read short.
enum ShellCheckCacheEntry {
    static func encode(script: String, comments: [ShellCheckComment]) -> [UInt8] {
        var out = Array("\(script.utf8.count) \(comments.count)\n".utf8)
        out += script.utf8
        out.append(newline)
        for c in comments {
            out += "\(c.code)\t\(c.level)\t\(c.line)\t\(c.column)\t\(c.endLine)\t\(c.endColumn)\t".utf8
            for byte in c.message.utf8 {
                switch byte {
                case backslash: out += [backslash, backslash]
                case tab: out += [backslash, UInt8(ascii: "t")]
                case newline: out += [backslash, UInt8(ascii: "n")]
                default: out.append(byte)
                }
            }
            out.append(newline)
        }
        out += "end\n".utf8
        return out
    }

    /// The comments, when `bytes` is a whole entry for exactly `script`; nil otherwise.
    static func decode(_ bytes: [UInt8], script: String) -> [ShellCheckComment]? {
        var at = 0
        func line() -> ArraySlice<UInt8>? {
            guard at <= bytes.count, let end = bytes[at...].firstIndex(of: newline) else { return nil }
            defer { at = end + 1 }
            return bytes[at..<end]
        }
        guard let header = line() else { return nil }
        let counts = header.split(separator: UInt8(ascii: " "))
        guard counts.count == 2, let length = number(counts[0]), let count = number(counts[1]),
              at + length < bytes.count, bytes[at + length] == newline,
              bytes[at..<at + length].elementsEqual(script.utf8) else { return nil }
        at += length + 1
        var comments: [ShellCheckComment] = []
        for _ in 0..<count {
            guard let text = line() else { return nil }
            let fields = text.split(separator: tab, maxSplits: 6, omittingEmptySubsequences: false)
            guard fields.count == 7, let code = number(fields[0]), let line = number(fields[2]), let column = number(fields[3]),
                  let endLine = number(fields[4]), let endColumn = number(fields[5]),
                  let message = unescape(fields[6]) else { return nil }
            comments.append(ShellCheckComment(code: code, level: String(decoding: fields[1], as: UTF8.self), message: message,
                                              line: line, column: column, endLine: endLine, endColumn: endColumn))
        }
        guard line()?.elementsEqual("end".utf8) == true, at == bytes.count else { return nil }
        return comments
    }

    private static let newline = UInt8(ascii: "\n"), tab = UInt8(ascii: "\t"), backslash = UInt8(ascii: "\\")

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count < 10, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private static func unescape(_ text: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var escaped = false
        for byte in text {
            if escaped {
                switch byte {
                case backslash: out.append(backslash)
                case UInt8(ascii: "t"): out.append(tab)
                case UInt8(ascii: "n"): out.append(newline)
                default: return nil
                }
                escaped = false
            } else if byte == backslash {
                escaped = true
            } else {
                out.append(byte)
            }
        }
        return escaped ? nil : String(decoding: out, as: UTF8.self)
    }
}
