/// Splits a logical line into the instruction word, its `--flags` and the argument text,
/// then hands the text to the instruction's argument parser (split_command.go).
enum InstructionLine {
    struct Failure: Error { var message: String }

    static let known: Set<String> = [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck",
        "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ]

    static func parse(_ line: ByteText, escape: Unicode.Scalar) throws(Failure) -> RawInstruction {
        let trimmed = Bytes.trimSpace(line)
        var split = trimmed.startIndex
        while split < trimmed.endIndex, !isASCIISpace(trimmed[split]) { split += 1 }
        let keywordBytes = trimmed[trimmed.startIndex..<split]
        let keyword = String(decoding: keywordBytes, as: UTF8.self)
        var rest = split
        while rest < trimmed.endIndex, isASCIISpace(trimmed[rest]) { rest += 1 }
        var flags: [String] = []
        var argumentBytes = trimmed[trimmed.endIndex...]
        if split < trimmed.endIndex {
            (flags, argumentBytes) = extractFlags(trimmed[rest...], escape: UInt8(truncatingIfNeeded: escape.value))
        }
        var node = RawInstruction(keyword: keyword, kind: InstructionKind(keyword: keywordBytes), flags: flags)
        do throws(ArgumentParsers.Failure) {
            try ArgumentParsers.fill(&node, with: Bytes.trimSpace(argumentBytes), escape: escape)
        } catch {
            throw Failure(message: error.message)
        }
        return node
    }

    /// `[\t\v\f\r ]`, the separators of BuildKit's whitespace regexp.
    static func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0B || b == 0x0C || b == 0x0D
    }

    /// Go's unicode.IsSpace applied to a single byte taken as a code point (the flag
    /// scanner walks bytes, so 0x85 and 0xA0 count as spaces).
    static func isByteSpace(_ b: UInt8) -> Bool {
        (b >= 0x09 && b <= 0x0D) || b == 0x20 || b == 0x85 || b == 0xA0
    }

    /// extractBuilderFlags: reads `--words` until the first word that is not one.
    static func extractFlags(_ line: ByteText, escape: UInt8) -> ([String], ByteText) {
        enum Phase { case spaces, word, quote }
        var words: [String] = []
        var phase = Phase.spaces
        // Bytes become code points one by one (Latin-1), as BuildKit's byte loop does.
        var word: [UInt8] = []
        // Fast path: no `--` at the start means no flags.
        if line.count < 2 || line[line.startIndex] != UInt8(ascii: "-") || line[line.startIndex + 1] != UInt8(ascii: "-") {
            return ([], line)
        }
        var quote: UInt8 = 0
        var blankOK = false
        var pos = line.startIndex
        let end = line.endIndex
        func isDoubleDash() -> Bool { word.count == 2 && word[0] == 0x2D && word[1] == 0x2D }
        func text() -> String { String(decoding: word, as: UTF8.self) }
        func flush() {
            if !isDoubleDash() && (blankOK || !word.isEmpty) { words.append(text()) }
        }
        func append(_ byte: UInt8) {
            if byte < 0x80 {
                word.append(byte)
            } else {
                word.append(0xC0 | byte >> 6)
                word.append(0x80 | byte & 0x3F)
            }
        }
        while pos <= end {
            let ch: UInt8 = pos < end ? line[pos] : 0
            if phase == .spaces {
                if pos == end { break }
                if isByteSpace(ch) { pos += 1; continue }
                if ch != UInt8(ascii: "-") || pos + 1 == end || line[pos + 1] != UInt8(ascii: "-") {
                    return (words, line[pos...])
                }
                phase = .word
            }
            if pos == end {
                flush()
                break
            }
            if phase == .word {
                if isByteSpace(ch) {
                    phase = .spaces
                    if isDoubleDash() { return (words, line[pos...]) }
                    if blankOK || !word.isEmpty { words.append(text()) }
                    word.removeAll()
                    blankOK = false
                    pos += 1
                    continue
                }
                if ch == UInt8(ascii: "'") || ch == UInt8(ascii: "\"") {
                    quote = ch
                    blankOK = true
                    phase = .quote
                    pos += 1
                    continue
                }
                var c = ch
                if ch == escape {
                    if pos + 1 == end { pos += 1; continue }
                    pos += 1
                    c = line[pos]
                }
                append(c)
                pos += 1
                continue
            }
            // inside quotes
            if ch == quote {
                phase = .word
                pos += 1
                continue
            }
            var c = ch
            if ch == escape {
                if pos + 1 == end { phase = .word; pos += 1; continue }
                pos += 1
                c = line[pos]
            }
            append(c)
            pos += 1
        }
        return (words, line[end...])
    }
}
