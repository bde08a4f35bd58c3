/// The per-instruction argument parsers of BuildKit's line_parsers.go: one small function
/// per form. Each fills `arguments` (and `isJSON` / `trigger`) of the node. They work on the
/// UTF-8 bytes of the argument text (already trimmed) and make Strings only for results.
enum ArgumentParsers {
    struct Failure: Error { var message: String }
    typealias Text = ByteText

    static func fill(_ node: inout RawInstruction, with rest: Text, escape: Unicode.Scalar) throws(Failure) {
        let esc = UInt8(truncatingIfNeeded: escape.value)
        switch node.kind {
        case .from, .expose:
            node.arguments = whitespaceList(rest)
        case .add, .copy, .volume:
            try jsonOrList(&node, rest)
        case .run, .cmd, .entrypoint, .shell:
            try jsonOrString(&node, rest)
        case .maintainer, .user, .workdir, .stopsignal:
            node.arguments = rest.isEmpty ? [] : [string(rest)]
        case .env:
            node.arguments = try nameValues(rest, instruction: "ENV", escape: esc)
        case .label:
            node.arguments = try nameValues(rest, instruction: "LABEL", escape: esc)
        case .arg:
            node.arguments = words(rest, escape: esc)
        case .healthcheck:
            try healthcheck(&node, rest)
        case .onbuild:
            guard !rest.isEmpty else { return }
            do throws(InstructionLine.Failure) {
                node.trigger = [try InstructionLine.parse(rest, escape: escape)]
            } catch {
                throw Failure(message: error.message)
            }
        case .unknown:
            // Unknown instructions are not a parse error; the typed layer rejects them.
            node.arguments = [""]
        }
    }

    @inline(__always)
    static func string(_ bytes: Text) -> String { String(decoding: bytes, as: UTF8.self) }

    /// FROM, EXPOSE: split at runs of `[ \t\v\f\r]`; quotes mean nothing here.
    static func whitespaceList(_ rest: Text) -> [String] {
        guard !rest.isEmpty else { return [] }
        return rest.split(whereSeparator: InstructionLine.isASCIISpace).map(string)
    }

    /// ADD, COPY, VOLUME: exec-form JSON, else a whitespace list.
    static func jsonOrList(_ node: inout RawInstruction, _ rest: Text) throws(Failure) {
        switch JSONArray.parse(rest) {
        case .strings(let values):
            node.arguments = values
            node.isJSON = true
        case .notStrings:
            throw Failure(message: JSONArray.notStringsMessage)
        case .invalid:
            node.arguments = whitespaceList(rest)
        }
    }

    /// RUN, CMD, ENTRYPOINT, SHELL: exec-form JSON, else the whole text as one argument.
    static func jsonOrString(_ node: inout RawInstruction, _ rest: Text) throws(Failure) {
        guard !rest.isEmpty else { return }
        switch JSONArray.parse(rest) {
        case .strings(let values):
            node.arguments = values
            node.isJSON = true
        case .notStrings:
            throw Failure(message: JSONArray.notStringsMessage)
        case .invalid:
            node.arguments = [string(rest)]
        }
    }

    /// HEALTHCHECK: the first word verbatim (`CMD`, `NONE`), then the rest as for CMD.
    /// BuildKit scans bytes here, so only ASCII-range spaces end the first word.
    static func healthcheck(_ node: inout RawInstruction, _ rest: Text) throws(Failure) {
        var sep = rest.startIndex
        while sep < rest.endIndex, !InstructionLine.isByteSpace(rest[sep]) { sep += 1 }
        var next = sep
        while next < rest.endIndex, InstructionLine.isByteSpace(rest[next]) { next += 1 }
        guard sep > rest.startIndex else { return }
        var command = RawInstruction(keyword: "cmd")
        try jsonOrString(&command, rest[next...])
        node.arguments = [string(rest[rest.startIndex..<sep])] + command.arguments
        node.isJSON = command.isJSON
    }

    /// ENV and LABEL: `k=v k2=v2` pairs or the legacy `k v…` form. Each pair becomes
    /// three arguments: key, value, and the separator (`=` or empty for legacy).
    static func nameValues(_ rest: Text, instruction: String, escape: UInt8) throws(Failure) -> [String] {
        let list = wordRanges(rest, escape: escape)
        guard let first = list.first else { return [] }
        if !first.contains(UInt8(ascii: "=")) {
            guard let sep = rest.firstIndex(where: InstructionLine.isASCIISpace) else {
                throw Failure(message: "\(instruction) must have two arguments")
            }
            var valueStart = sep
            while valueStart < rest.endIndex, InstructionLine.isASCIISpace(rest[valueStart]) { valueStart += 1 }
            return [string(rest[rest.startIndex..<sep]), string(rest[valueStart...]), ""]
        }
        var out: [String] = []
        out.reserveCapacity(list.count * 3)
        for word in list {
            guard let eq = word.firstIndex(of: UInt8(ascii: "=")) else {
                throw Failure(message: "Syntax error - can't find = in \(GoQuote.quote(string(word))). Must be of the form: name=value")
            }
            out.append(string(word[word.startIndex..<eq]))
            out.append(string(word[(eq + 1)...]))
            out.append("=")
        }
        return out
    }

    static func words(_ rest: Text, escape: UInt8) -> [String] {
        wordRanges(rest, escape: escape).map(string)
    }

    /// parseWords: splits on Unicode spaces; quotes and escapes are kept in the words, so
    /// each word is a contiguous slice of the input (an escape at the very end is dropped).
    static func wordRanges(_ s: Text, escape: UInt8) -> [Text] {
        enum Phase { case spaces, word, quote }
        var words: [Text] = []
        var phase = Phase.spaces
        var wordStart = s.startIndex
        var quote: UInt8 = 0
        var blankOK = false
        var pos = s.startIndex
        let end = s.endIndex
        @inline(__always) func scalar(at i: Int) -> (space: Bool, width: Int) {
            let b = s[i]
            if b < 0x80 { return (b == 0x20 || (b >= 0x09 && b <= 0x0D), 1) }
            let (c, w) = Bytes.decode(s, at: i)
            return (c.isGoSpace, w)
        }
        while pos < end {
            let (space, width) = scalar(at: pos)
            let ch = s[pos]
            if phase == .spaces {
                if space { pos += width; continue }
                phase = .word
                wordStart = pos
                blankOK = false
            }
            if phase == .word && space {
                phase = .spaces
                if blankOK || pos > wordStart { words.append(s[wordStart..<pos]) }
                pos += width
                continue
            }
            // The escape keeps itself and the next character in the word, except inside '…'.
            if ch == escape && (phase == .word || quote != UInt8(ascii: "'")) {
                if pos + width == end { break }  // a trailing escape is dropped
                pos += width
                pos += scalar(at: pos).width
                continue
            }
            if phase == .word, ch == UInt8(ascii: "'") || ch == UInt8(ascii: "\"") {
                quote = ch
                blankOK = true
                phase = .quote
            } else if phase == .quote, ch == quote {
                phase = .word
            }
            pos += width
        }
        if phase != .spaces, blankOK || pos > wordStart { words.append(s[wordStart..<pos]) }
        return words
    }
}
