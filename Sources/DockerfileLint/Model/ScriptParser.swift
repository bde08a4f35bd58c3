/// Splits shell text into simple commands, the way the rules need it: every simple command
/// anywhere in the script (chains, pipelines, subshells, `$(…)`, compound commands), with
/// reserved words, assignments and redirections removed. Not a full shell: just enough
/// structure for linting, and it never fails. The one shell splitter of the project: the
/// linter's rules and the course's structure checks read RUN through it.
struct ScriptParser {
    private enum Token: Equatable {
        /// A word and where it was written (scalar offsets into the parsed text).
        case word(String, Range<Int>)
        case op(String)
        /// A redirection as written, with its target: `>/dev/null`, `2>&1`, `<<EOF`.
        case redirection(String)
    }

    private let s: [Unicode.Scalar]
    private var i = 0
    private var tokens: [Token] = []
    /// Texts to parse as commands of their own, with their offset in this text when they
    /// are written verbatim there (not inside backquotes, whose escapes change the text).
    private var nested: [(text: String, offset: Int?)] = []
    private var pendingHeredocs: [(delimiter: String, strip: Bool)] = []
    /// The file descriptor number read just before a redirection (`2` of `2>&1`).
    private var pendingDescriptor = ""
    private(set) var hasPipe = false
    /// The text is not valid shell (unbalanced quotes or brackets, `foo(` mid-command, a
    /// `[word]` command): like ShellCheck, we then see no commands at all.
    private(set) var failed = false
    /// Top-level elements of the script: commands or compound commands joined by
    /// `&&`, `||`, `;`, `|`, `&` or newlines (`if …; fi` counts once).
    private(set) var topLevelCount = 0
    private mutating func fail() { failed = true }

    private init(_ text: String) { s = Array(text.unicodeScalars) }

    static func parse(_ text: String, depth: Int = 0) -> RunScript {
        var p = ScriptParser(text)
        p.tokenize()
        var commands = p.assemble()
        var hasPipe = p.hasPipe
        if p.failed { return RunScript(commands: [], hasPipe: false, topLevelCount: 0) }
        if depth < 8 {
            for inner in p.nested {
                let sub = parse(inner.text, depth: depth + 1)
                commands.append(contentsOf: sub.commands.map { cmd in
                    var cmd = cmd
                    // Positions in the inner text become positions in this one (or none).
                    cmd.wordRanges = inner.offset.map { base in cmd.wordRanges.map { ($0.lowerBound + base)..<($0.upperBound + base) } } ?? []
                    return cmd
                })
                hasPipe = hasPipe || sub.hasPipe
            }
        }
        return RunScript(commands: commands, hasPipe: hasPipe, topLevelCount: p.topLevelCount)
    }

    // MARK: tokens

    private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
    }

    private static func isNameChar(_ c: Unicode.Scalar) -> Bool {
        isNameStart(c) || (c >= "0" && c <= "9")
    }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    private mutating func tokenize() {
        while i < s.count {
            let c = s[i]
            switch c {
            case " ", "\t", "\r":
                i += 1
            case "\\" where peek(1) == "\n":
                // A line continuation between words joins nothing (inside a word, readWordText drops it).
                i += 2
            case "\n":
                i += 1
                tokens.append(.op("\n"))
                skipHeredocBodies()
            case "#":
                while i < s.count, s[i] != "\n" { i += 1 }
            case "&", "|", ";", "(", ")":
                readOperator()
            case "<", ">":
                readRedirection()
            default:
                readWord()
            }
        }
    }

    private mutating func readOperator() {
        let c = s[i]
        let n = peek(1)
        switch c {
        case "&":
            if n == "&" { tokens.append(.op("&&")); i += 2 }
            else if n == ">" { i += 1; readRedirection(prefix: "&") }
            else { tokens.append(.op("&")); i += 1 }
        case "|":
            if n == "|" { tokens.append(.op("||")); i += 2 }
            else if n == "&" { tokens.append(.op("|")); i += 2 }
            else { tokens.append(.op("|")); i += 1 }
        case ";":
            if n == ";" { tokens.append(.op(";;")); i += 2 }
            else if n == "&" { tokens.append(.op(";;")); i += 2 }
            else { tokens.append(.op(";")); i += 1 }
        default:
            tokens.append(.op(String(c)))
            i += 1
        }
    }

    /// `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&`, `<>`, `>|`, `&>`: the operator and its
    /// target word are dropped; a heredoc's body is skipped at the next newline.
    private mutating func readRedirection(prefix: String = "") {
        let descriptor = prefix + pendingDescriptor
        pendingDescriptor = ""
        let start = i
        var heredoc = false
        var strip = false
        if s[i] == "<", peek(1) == "<" {
            if peek(2) == "<" { i += 3 } else {
                heredoc = true
                i += 2
                if peek() == "-" { strip = true; i += 1 }
            }
        } else if s[i] == "<" || s[i] == ">", peek(1) == "(" {
            // process substitution <(...) or >(...): treat as nested commands
            i += 1
            let inner = readBalanced(open: "(", close: ")")
            nested.append((inner, i - 1 - inner.unicodeScalars.count))
            return
        } else {
            i += 1
            if let n = peek(), n == ">" || n == "&" || n == "|" { i += 1 }
            if s[i - 1] == "&" {
                // >&2 or >&-
                while let n = peek(), (n >= "0" && n <= "9") || n == "-" { i += 1 }
                tokens.append(.redirection(descriptor + String(String.UnicodeScalarView(s[start..<min(i, s.count)]))))
                return
            }
        }
        let op = descriptor + String(String.UnicodeScalarView(s[start..<min(i, s.count)]))
        while let n = peek(), n == " " || n == "\t" { i += 1 }
        guard let n = peek(), n != "\n", n != ";", n != "|", n != "&" else {
            tokens.append(.redirection(op))
            return
        }
        let target = readWordText()
        tokens.append(.redirection(op + target.text))
        if heredoc {
            pendingHeredocs.append((target.text, strip))
        }
    }

    private mutating func skipHeredocBodies() {
        guard !pendingHeredocs.isEmpty else { return }
        let docs = pendingHeredocs
        pendingHeredocs = []
        for doc in docs {
            while i < s.count {
                var end = i
                while end < s.count, s[end] != "\n" { end += 1 }
                var line = String(String.UnicodeScalarView(s[i..<end]))
                if doc.strip { line = String(line.drop { $0 == "\t" }) }
                i = min(end + 1, s.count)
                if line == doc.delimiter { break }
            }
        }
    }

    private mutating func readWord() {
        let start = i
        let w = readWordText()
        // A word of digits directly before a redirection is a file descriptor number.
        if let n = peek(), n == "<" || n == ">", !w.text.isEmpty, w.raw == "0" {
            pendingDescriptor = w.text
            return
        }
        tokens.append(.word(w.text, start..<i))
    }

    /// Reads one word: quotes removed, `$X` written `${X}`, `$(…)` and backticks kept as
    /// text but also queued for parsing as commands of their own.
    private mutating func readWordText() -> (text: String, raw: String) {
        var out = ScalarBuffer()
        let start = i
        loop: while i < s.count {
            let c = s[i]
            switch c {
            case " ", "\t", "\r", "\n", ";", "&", "|", "(", ")", "<", ">":
                if c == "(" && i > start && (s[i - 1] == "=" || s[i - 1] == "@" || s[i - 1] == "?" || s[i - 1] == "*" || s[i - 1] == "+" || s[i - 1] == "!") {
                    // array assignment or extglob: keep balanced text
                    let inner = readBalanced(open: "(", close: ")")
                    out.append("(")
                    out.append(contentsOf: inner.unicodeScalars)
                    out.append(")")
                    continue
                }
                break loop
            case "\\":
                if let n = peek(1) {
                    if n != "\n" { out.append(n) }
                    i += 2
                } else { i += 1 }
            case "'":
                i += 1
                while i < s.count, s[i] != "'" { out.append(s[i]); i += 1 }
                if i >= s.count { fail() }
                i += 1
            case "\"":
                i += 1
                readDoubleQuoted(into: &out)
            case "$":
                readDollar(into: &out, quoted: false)
            case "`":
                readBackquoted(into: &out)
            default:
                out.append(c)
                i += 1
            }
        }
        let digitsOnly = i > start && s[min(start, s.count)..<min(i, s.count)].allSatisfy { $0 >= "0" && $0 <= "9" }
        return (out.string, digitsOnly ? "0" : "")
    }

    /// A `` `command` `` substitution, from its opening backquote: kept as written in the word,
    /// and its command queued to be parsed too.
    private mutating func readBackquoted(into out: inout ScalarBuffer) {
        i += 1
        var inner = ScalarBuffer()
        while i < s.count, s[i] != "`" {
            if s[i] == "\\", i + 1 < s.count { inner.append(s[i + 1]); i += 2; continue }
            inner.append(s[i]); i += 1
        }
        i += 1
        nested.append((inner.string, nil))
        out.append("`")
        out.append(contentsOf: inner)
        out.append("`")
    }

    private mutating func readDoubleQuoted(into out: inout ScalarBuffer) {
        defer { if i > s.count || (i == s.count && s.last != "\"") { fail() } }
        while i < s.count {
            let c = s[i]
            if c == "\"" { i += 1; return }
            if c == "\\", let n = peek(1) {
                if n == "\n" { i += 2; continue }
                if n == "$" || n == "`" || n == "\"" || n == "\\" { out.append(n); i += 2; continue }
                out.append(c); i += 1
                continue
            }
            if c == "$" { readDollar(into: &out, quoted: true); continue }
            if c == "`" { readBackquoted(into: &out); continue }
            out.append(c)
            i += 1
        }
    }

    private mutating func readDollar(into out: inout ScalarBuffer, quoted: Bool) {
        let n = peek(1)
        if n == "(" {
            if peek(2) == "(" {
                i += 1
                let inner = readBalanced(open: "(", close: ")")
                out.append("$"); out.append("(")
                out.append(contentsOf: inner.unicodeScalars)
                out.append(")")
                return
            }
            i += 1
            let inner = readBalanced(open: "(", close: ")")
            nested.append((inner, i - 1 - inner.unicodeScalars.count))
            out.append("$"); out.append("(")
            out.append(contentsOf: inner.unicodeScalars)
            out.append(")")
        } else if n == "{" {
            i += 1
            let inner = readBalanced(open: "{", close: "}")
            out.append("$"); out.append("{")
            out.append(contentsOf: inner.unicodeScalars)
            out.append("}")
        } else if n == "'", !quoted {
            i += 2
            while i < s.count, s[i] != "'" {
                if s[i] == "\\", i + 1 < s.count { out.append(s[i + 1]); i += 2; continue }
                out.append(s[i]); i += 1
            }
            i += 1
        } else if let n, ScriptParser.isNameStart(n) {
            i += 1
            var name = ScalarBuffer()
            while let c = peek(), ScriptParser.isNameChar(c) { name.append(c); i += 1 }
            out.append("$"); out.append("{"); out.append(contentsOf: name); out.append("}")
        } else if let n, (n >= "0" && n <= "9") || "@*#?$!-".unicodeScalars.contains(n) {
            i += 2
            out.append("$"); out.append("{"); out.append(n); out.append("}")
        } else {
            out.append("$")
            i += 1
        }
    }

    /// Reads from an opening bracket at `i` to its match, honouring quotes; returns the
    /// text between them and leaves `i` after the closing bracket.
    private mutating func readBalanced(open: Unicode.Scalar, close: Unicode.Scalar) -> String {
        i += 1
        var depth = 1
        let start = i
        while i < s.count {
            let c = s[i]
            if c == "\\" { i += 2; continue }
            if c == "'" {
                i += 1
                while i < s.count, s[i] != "'" { i += 1 }
                i += 1
                continue
            }
            if c == "\"" {
                i += 1
                while i < s.count, s[i] != "\"" {
                    if s[i] == "\\" { i += 1 }
                    i += 1
                }
                i += 1
                continue
            }
            if c == open { depth += 1 }
            if c == close {
                depth -= 1
                if depth == 0 {
                    let text = String(String.UnicodeScalarView(s[start..<i]))
                    i += 1
                    return text
                }
            }
            i += 1
        }
        fail()
        return String(String.UnicodeScalarView(s[start..<min(i, s.count)]))
    }

    // MARK: commands

    private static let reserved: Set<String> = [
        "!", "{", "}", "if", "then", "else", "elif", "fi", "do", "done", "while", "until",
        "time", "esac", "]]",
    ]

    private static func isAssignment(_ w: String) -> Bool {
        guard let eq = w.firstIndex(of: "="), eq != w.startIndex else { return false }
        var name = w[..<eq]
        if name.hasSuffix("+") { name = name.dropLast() }
        if let br = name.firstIndex(of: "[") { name = name[..<br] }
        guard let f = name.unicodeScalars.first, isNameStart(f) else { return false }
        return name.unicodeScalars.allSatisfy(isNameChar)
    }

    private mutating func assemble() -> [ScriptCommand] {
        var commands: [ScriptCommand] = []
        var words: [String] = []
        var ranges: [Range<Int>] = []
        var redirections: [String] = []
        // The separator before the command being read, and the last one seen.
        var commandOperator = ScriptOperator.start
        var lastOperator = ScriptOperator.start
        var k = 0
        var caseDepth = 0
        var skipping = false          // inside for/select/case header or [[ ]]
        var skipUntilDoubleBracket = false
        var atCaseIn = false
        var depth = 0
        var elementOpen = false

        func flush() {
            defer { words = []; ranges = []; redirections = [] }
            // `[ … ]` is a test expression to ShellCheck, not a command.
            guard !words.isEmpty, words[0] != "[" else { return }
            commands.append(ScriptCommand(name: words[0], arguments: Array(words.dropFirst()), wordRanges: ranges,
                                          precededBy: commandOperator, redirections: redirections))
        }

        while k < tokens.count {
            let t = tokens[k]
            switch t {
            case .redirection(let r):
                if !skipping && !skipUntilDoubleBracket { redirections.append(r) }
                k += 1
            case .op(let o):
                if skipUntilDoubleBracket { k += 1; continue }
                if let separator = ScriptOperator(rawValue: o) { lastOperator = separator }
                if o == "(" && !words.isEmpty && k + 1 < tokens.count && tokens[k + 1] == .op(")") {
                    // function definition `name() …`
                    words = []
                    ranges = []
                    k += 2
                    continue
                }
                if o == "(" {
                    if !words.isEmpty && !skipping { fail() }
                    if depth == 0 && !elementOpen { topLevelCount += 1; elementOpen = true }
                    depth += 1
                } else if o == ")" {
                    if depth == 0 { fail() }
                    depth = max(0, depth - 1)
                } else if depth == 0 && !skipping {
                    elementOpen = false
                }
                if o == "|" { hasPipe = true }
                if skipping && (o == ";" || o == "\n") { skipping = false }
                if !skipping { flush() }
                if o == ";;" { atCaseIn = caseDepth > 0 }
                k += 1
            case .word(let w, let range):
                if skipUntilDoubleBracket {
                    if w == "]]" { skipUntilDoubleBracket = false }
                    k += 1
                    continue
                }
                if skipping {
                    if w == "in" && atCaseIn == false && caseDepth > 0 && words.isEmpty {
                        // `case X in`: patterns follow
                        skipping = false
                        atCaseIn = true
                    } else if w == "do" {
                        skipping = false
                    }
                    k += 1
                    continue
                }
                if words.isEmpty && depth == 0 && !elementOpen { topLevelCount += 1; elementOpen = true }
                if words.isEmpty {
                    if ["if", "while", "until", "for", "select", "case", "{"].contains(w) { depth += 1 }
                    if ["fi", "done", "esac", "}"].contains(w) { depth = max(0, depth - 1) }
                    if w.hasPrefix("[") && w != "[" && w != "[[" { fail() }
                    if atCaseIn {
                        if w == "esac" { caseDepth -= 1; atCaseIn = false; k += 1; continue }
                        // a pattern: words and `|` up to `)`
                        var j = k
                        var isPattern = false
                        while j < tokens.count {
                            if case .op(let o) = tokens[j] {
                                if o == ")" { isPattern = true; break }
                                if o == "|" || o == "(" { j += 1; continue }
                                if o == "\n" && j == k { j += 1; continue }
                                break
                            }
                            j += 1
                        }
                        if isPattern { k = j + 1; atCaseIn = false; continue }
                        atCaseIn = false
                    }
                    if w == "esac" { caseDepth = max(0, caseDepth - 1); k += 1; continue }
                    if ScriptParser.reserved.contains(w) { k += 1; continue }
                    if w == "[[" { skipUntilDoubleBracket = true; k += 1; continue }
                    if w == "for" || w == "select" { skipping = true; k += 1; continue }
                    if w == "case" { caseDepth += 1; skipping = true; k += 1; continue }
                    if ScriptParser.isAssignment(w) { k += 1; continue }
                }
                if words.isEmpty { commandOperator = lastOperator }
                words.append(w)
                ranges.append(range)
                k += 1
            }
        }
        flush()
        return commands
    }
}

extension RunScript {
    /// Parses shell text into commands (see `ScriptParser`).
    public static func parse(_ text: String) -> RunScript { ScriptParser.parse(text) }
}

/// Collects a word's characters as UTF-8 bytes (ASCII fast path) and makes one String at the
/// end: much cheaper than appending to a String scalar by scalar.
struct ScalarBuffer {
    var bytes: [UInt8] = []

    mutating func append(_ c: Unicode.Scalar) {
        if c.value < 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: c.value))
        } else {
            bytes.append(contentsOf: String(c).utf8)
        }
    }

    mutating func append<S: Sequence>(contentsOf scalars: S) where S.Element == Unicode.Scalar {
        for c in scalars { append(c) }
    }

    mutating func append(contentsOf other: ScalarBuffer) { bytes.append(contentsOf: other.bytes) }

    var string: String { String(decoding: bytes, as: UTF8.self) }
    var isEmpty: Bool { bytes.isEmpty }
}
