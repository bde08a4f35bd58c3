/// The per-instruction argument parsers of BuildKit's line_parsers.go: one small function
/// per form. Each fills `arguments` (and `isJSON` / `trigger`) of the node.
enum ArgumentParsers {
    struct Failure: Error { var message: String }

    static func fill(_ node: inout RawInstruction, with rest: String, escape: Unicode.Scalar) throws(Failure) {
        switch node.name {
        case "from", "expose":
            node.arguments = whitespaceList(rest)
        case "add", "copy", "volume":
            try jsonOrList(&node, rest)
        case "run", "cmd", "entrypoint", "shell":
            try jsonOrString(&node, rest)
        case "maintainer", "user", "workdir", "stopsignal":
            node.arguments = rest.isEmpty ? [] : [rest]
        case "env":
            node.arguments = try nameValues(rest, instruction: "ENV", escape: escape)
        case "label":
            node.arguments = try nameValues(rest, instruction: "LABEL", escape: escape)
        case "arg":
            node.arguments = words(rest, escape: escape)
        case "healthcheck":
            try healthcheck(&node, rest)
        case "onbuild":
            guard !rest.isEmpty else { return }
            do throws(InstructionLine.Failure) {
                node.trigger = [try InstructionLine.parse(Array(rest.utf8), escape: escape)]
            } catch {
                throw Failure(message: error.message)
            }
        default:
            // Unknown instructions are not a parse error; the typed layer rejects them.
            node.arguments = [""]
        }
    }

    /// FROM, EXPOSE: split at runs of `[ \t\v\f\r]`; quotes mean nothing here.
    static func whitespaceList(_ rest: String) -> [String] {
        guard !rest.isEmpty else { return [] }
        return rest.utf8.split(whereSeparator: InstructionLine.isASCIISpace)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// ADD, COPY, VOLUME: exec-form JSON, else a whitespace list.
    static func jsonOrList(_ node: inout RawInstruction, _ rest: String) throws(Failure) {
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
    static func jsonOrString(_ node: inout RawInstruction, _ rest: String) throws(Failure) {
        guard !rest.isEmpty else { return }
        switch JSONArray.parse(rest) {
        case .strings(let values):
            node.arguments = values
            node.isJSON = true
        case .notStrings:
            throw Failure(message: JSONArray.notStringsMessage)
        case .invalid:
            node.arguments = [rest]
        }
    }

    /// HEALTHCHECK: the first word verbatim (`CMD`, `NONE`), then the rest as for CMD.
    /// BuildKit scans bytes here, so only ASCII-range spaces end the first word.
    static func healthcheck(_ node: inout RawInstruction, _ rest: String) throws(Failure) {
        let bytes = Array(rest.utf8)
        var sep = 0
        while sep < bytes.count, !InstructionLine.isByteSpace(bytes[sep]) { sep += 1 }
        var next = sep
        while next < bytes.count, InstructionLine.isByteSpace(bytes[next]) { next += 1 }
        guard sep > 0 else { return }
        var command = RawInstruction(keyword: "cmd")
        let commandText = String(decoding: bytes[next...], as: UTF8.self)
        try jsonOrString(&command, commandText)
        node.arguments = [String(decoding: bytes[..<sep], as: UTF8.self)] + command.arguments
        node.isJSON = command.isJSON
    }

    /// ENV and LABEL: `k=v k2=v2` pairs or the legacy `k v…` form. Each pair becomes
    /// three arguments: key, value, and the separator (`=` or empty for legacy).
    static func nameValues(_ rest: String, instruction: String, escape: Unicode.Scalar) throws(Failure) -> [String] {
        let list = words(rest, escape: escape)
        guard let first = list.first else { return [] }
        if !first.contains("=") {
            let bytes = Array(rest.utf8)
            guard let sep = bytes.firstIndex(where: InstructionLine.isASCIISpace) else {
                throw Failure(message: "\(instruction) must have two arguments")
            }
            var valueStart = sep
            while valueStart < bytes.count, InstructionLine.isASCIISpace(bytes[valueStart]) { valueStart += 1 }
            return [String(decoding: bytes[..<sep], as: UTF8.self),
                    String(decoding: bytes[valueStart...], as: UTF8.self), ""]
        }
        var out: [String] = []
        out.reserveCapacity(list.count * 3)
        for word in list {
            guard let eq = word.firstIndex(of: "=") else {
                throw Failure(message: "Syntax error - can't find = in \(GoQuote.quote(word)). Must be of the form: name=value")
            }
            out.append(String(word[..<eq]))
            out.append(String(word[word.index(after: eq)...]))
            out.append("=")
        }
        return out
    }

    /// parseWords: splits on Unicode spaces; quotes and escapes are kept in the words.
    static func words(_ rest: String, escape: Unicode.Scalar) -> [String] {
        enum Phase { case spaces, word, quote }
        let s = Array(rest.unicodeScalars)
        var words: [String] = []
        var phase = Phase.spaces
        var word = String.UnicodeScalarView()
        var quote: Unicode.Scalar = "\0"
        var blankOK = false
        var pos = 0
        while pos <= s.count {
            let atEnd = pos == s.count
            var ch: Unicode.Scalar = atEnd ? "\0" : s[pos]
            if phase == .spaces {
                if atEnd { break }
                if ch.isGoSpace { pos += 1; continue }
                phase = .word
            }
            if atEnd {
                if blankOK || !word.isEmpty { words.append(String(word)) }
                break
            }
            if phase == .word {
                if ch.isGoSpace {
                    phase = .spaces
                    if blankOK || !word.isEmpty { words.append(String(word)) }
                    word.removeAll()
                    blankOK = false
                    pos += 1
                    continue
                }
                if ch == "'" || ch == "\"" {
                    quote = ch
                    blankOK = true
                    phase = .quote
                }
                if ch == escape {
                    if pos + 1 == s.count { pos += 1; continue }
                    word.append(ch)
                    pos += 1
                    ch = s[pos]
                }
                word.append(ch)
                pos += 1
                continue
            }
            // in quotes
            if ch == quote { phase = .word }
            if ch == escape && quote != "'" {
                if pos + 1 == s.count { phase = .word; pos += 1; continue }
                pos += 1
                word.append(ch)
                ch = s[pos]
            }
            word.append(ch)
            pos += 1
        }
        return words
    }
}
