/// BuildKit's word lexer (frontend/dockerfile/shell): variable expansion, quote removal and
/// word splitting, with the same modes BuildKit uses internally.
///
/// - `processWord` gives one string: quotes removed, no splitting (ENV values, COPY paths…).
/// - `processWords` gives the words after splitting (EXPOSE, heredoc detection).
public struct ShellLexer: Sendable {
    /// The escape character: `\` by default, or `` ` `` from the `escape` directive.
    public var escape: Unicode.Scalar
    /// Keep quote characters in the output (BuildKit's RawQuotes).
    public var rawQuotes = false
    /// Keep escape characters in the output (BuildKit's RawEscapes).
    public var rawEscapes = false
    /// Leave `$X` and `${X…}` as written when X is not set (BuildKit's SkipUnsetEnv).
    public var skipUnsetEnv = false

    public init(escape: Unicode.Scalar = "\\") {
        self.escape = escape
    }

    /// The outcome of an expansion: the text, the words, and which names were looked up.
    public struct Result: Sendable {
        public var word: String
        public var words: [String]
        /// Variables that were looked up and found.
        public var matched: Set<String>
        /// Variables that were looked up and not found.
        public var unmatched: Set<String>
    }

    public func processWord(_ text: String, environment: @escaping (String) -> String?) throws(ShellExpansionError) -> String {
        try process(text, environment: environment).word
    }

    public func processWords(_ text: String, environment: @escaping (String) -> String?) throws(ShellExpansionError) -> [String] {
        try process(text, environment: environment).words
    }

    public func process(_ text: String, environment: @escaping (String) -> String?) throws(ShellExpansionError) -> Result {
        var state = LexState(
            scalars: Array(text.unicodeScalars), options: self, environment: environment)
        do throws(LexState.Failure) {
            let (word, words) = try state.processStop(on: nil, rawEscapes: rawEscapes)
            return Result(word: word, words: words, matched: state.matched, unmatched: state.unmatched)
        } catch {
            throw ShellExpansionError(message: "failed to process \"\(text)\": \(error.message)")
        }
    }
}

/// An expansion that BuildKit rejects (`${}`, an unterminated quote, `${X:?msg}` on an empty X).
public struct ShellExpansionError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Collects split words the way BuildKit's `wordsStruct` does.
private struct WordCollector {
    var buffer = String.UnicodeScalarView()
    var words: [String] = []
    var inWord = false

    mutating func add(_ c: Unicode.Scalar) {
        if c.isGoSpace {
            if inWord && !buffer.isEmpty {
                words.append(String(buffer))
                buffer.removeAll(keepingCapacity: true)
                inWord = false
            }
        } else {
            addRaw(c)
        }
    }

    mutating func addRaw(_ c: Unicode.Scalar) {
        buffer.append(c)
        inWord = true
    }

    mutating func add(_ s: String) { for c in s.unicodeScalars { add(c) } }
    mutating func addRaw(_ s: String) { for c in s.unicodeScalars { addRaw(c) } }

    mutating func finish() -> [String] {
        if !buffer.isEmpty { words.append(String(buffer)) }
        buffer.removeAll()
        inWord = false
        return words
    }
}

struct LexState {
    let scalars: [Unicode.Scalar]
    var position = 0
    let escape: Unicode.Scalar
    let rawQuotes: Bool
    var rawEscapes: Bool
    let skipUnsetEnv: Bool
    let environment: (String) -> String?
    var matched: Set<String> = []
    var unmatched: Set<String> = []

    init(scalars: [Unicode.Scalar], options: ShellLexer, environment: @escaping (String) -> String?) {
        self.scalars = scalars
        self.escape = options.escape
        self.rawQuotes = options.rawQuotes
        self.rawEscapes = options.rawEscapes
        self.skipUnsetEnv = options.skipUnsetEnv
        self.environment = environment
    }

    func peek() -> Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    mutating func next() -> Unicode.Scalar? {
        guard position < scalars.count else { return nil }
        defer { position += 1 }
        return scalars[position]
    }

    mutating func lookup(_ name: String) -> String? {
        if let value = environment(name) {
            matched.insert(name)
            return value
        }
        unmatched.insert(name)
        return nil
    }

    struct Failure: Error { var message: String }

    /// Reads up to `stop` (consumed) or the end. Returns the joined text and the split words.
    mutating func processStop(on stop: Unicode.Scalar?, rawEscapes raw: Bool) throws(Failure) -> (String, [String]) {
        let saved = rawEscapes
        rawEscapes = raw
        defer { rawEscapes = saved }
        var result = String.UnicodeScalarView()
        var words = WordCollector()
        while let c = peek() {
            if let stop, c == stop {
                position += 1
                return (String(result), words.finish())
            }
            if c == "$" {
                let value = try processDollar()
                result.append(contentsOf: value.unicodeScalars)
                words.add(value)
            } else if c == "'" {
                let value = try processSingleQuote()
                result.append(contentsOf: value.unicodeScalars)
                words.addRaw(value)
            } else if c == "\"" {
                let value = try processDoubleQuote()
                result.append(contentsOf: value.unicodeScalars)
                words.addRaw(value)
            } else {
                position += 1
                if c == escape {
                    if rawEscapes {
                        words.addRaw(c)
                        result.append(c)
                    }
                    guard let escaped = next() else { break }
                    words.addRaw(escaped)
                    result.append(escaped)
                } else {
                    words.add(c)
                    result.append(c)
                }
            }
        }
        if let stop {
            throw Failure(message: "unexpected end of statement while looking for matching \(stop)")
        }
        return (String(result), words.finish())
    }

    mutating func processSingleQuote() throws(Failure) -> String {
        var result = String.UnicodeScalarView()
        let open = next()!
        if rawQuotes { result.append(open) }
        while true {
            guard let c = next() else {
                throw Failure(message: "unexpected end of statement while looking for matching single-quote")
            }
            if c == "'" {
                if rawQuotes { result.append(c) }
                return String(result)
            }
            result.append(c)
        }
    }

    mutating func processDoubleQuote() throws(Failure) -> String {
        var result = String.UnicodeScalarView()
        let open = next()!
        if rawQuotes { result.append(open) }
        while true {
            guard let c = peek() else {
                throw Failure(message: "unexpected end of statement while looking for matching double-quote")
            }
            if c == "\"" {
                position += 1
                if rawQuotes { result.append(c) }
                return String(result)
            }
            if c == "$" {
                result.append(contentsOf: try processDollar().unicodeScalars)
                continue
            }
            position += 1
            var out = c
            if c == escape {
                guard let following = peek() else { continue }  // end: reported as unterminated
                if following == "\"" || following == "$" || following == escape {
                    if rawEscapes { result.append(c) }
                    out = following
                    position += 1
                }
            }
            result.append(out)
        }
    }

    mutating func processName() -> String {
        var name = String.UnicodeScalarView()
        while let c = peek() {
            if name.isEmpty && c.isGoDigit {
                while let d = peek(), d.isGoDigit {
                    name.append(d)
                    position += 1
                }
                return String(name)
            }
            if name.isEmpty && "@*#?-$!0".unicodeScalars.contains(c) {
                position += 1
                return String(c)
            }
            guard c.isGoLetter || c.isGoDigit || c == "_" else { break }
            name.append(c)
            position += 1
        }
        return String(name)
    }

    mutating func processDollar() throws(Failure) -> String {
        position += 1  // the $
        if peek() != "{" {
            let name = processName()
            if name.isEmpty { return "$" }
            if let value = lookup(name) { return value }
            return skipUnsetEnv ? "$" + name : ""
        }
        position += 1  // the {
        switch peek() {
        case nil: throw Failure(message: "syntax error: missing '}'")
        case "{", "}", ":": throw Failure(message: "syntax error: bad substitution")
        default: break
        }
        let name = processName()
        let op = next()
        var opText = op.map { String($0) } ?? ""
        switch op {
        case "}":
            if let value = lookup(name) { return value }
            return skipUnsetEnv ? "${\(name)}" : ""
        case ":", "+", "-", "?", "#", "%":
            var modifier = op!
            let nullIsUnset = modifier == ":"
            if nullIsUnset {
                guard let m = next() else { throw Failure(message: "syntax error: missing '}'") }
                modifier = m
                opText.unicodeScalars.append(m)
            }
            let patternOperator = modifier == "#" || modifier == "%"
            if nullIsUnset && patternOperator {
                throw Failure(message: "unsupported modifier (\(opText)) in substitution")
            }
            let word: String
            do throws(Failure) {
                word = try processStop(on: "}", rawEscapes: patternOperator).0
            } catch {
                if peek() == nil { throw Failure(message: "syntax error: missing '}'") }
                throw error
            }
            let value = lookup(name)
            if skipUnsetEnv && value == nil { return "${\(name)\(opText)\(word)}" }
            switch modifier {
            case "-":
                if let value, !(nullIsUnset && value.isEmpty) { return value }
                return word
            case "+":
                if let value, !(nullIsUnset && value.isEmpty) { return word }
                return ""
            case "?":
                guard let value else {
                    throw Failure(message: "\(name): \(word.isEmpty ? "is not allowed to be unset" : word)")
                }
                if nullIsUnset && value.isEmpty {
                    throw Failure(message: "\(name): \(word.isEmpty ? "is not allowed to be empty" : word)")
                }
                return value
            case "#", "%":
                var pattern = word
                var greedy = false
                if pattern.unicodeScalars.first == modifier {
                    greedy = true
                    pattern.unicodeScalars.removeFirst()
                }
                let glob = try compile(pattern)
                let subject = value ?? ""
                return modifier == "#"
                    ? glob.trimmingPrefix(of: subject, greedy: greedy)
                    : glob.trimmingSuffix(of: subject, greedy: greedy)
            default:
                throw Failure(message: "unsupported modifier (\(opText)) in substitution")
            }
        case "/":
            let replaceAll = peek() == "/"
            if replaceAll { position += 1 }
            let pattern: String, replacement: String
            do throws(Failure) {
                pattern = try processStop(on: "/", rawEscapes: true).0
                replacement = try processStop(on: "}", rawEscapes: true).0
            } catch {
                if peek() == nil { throw Failure(message: "syntax error: missing '}'") }
                throw error
            }
            let value = lookup(name)
            if skipUnsetEnv && value == nil { return "${\(name)/\(pattern)/\(replacement)}" }
            let glob = try compile(pattern)
            return glob.replacing(in: value ?? "", with: replacement, all: replaceAll)
        default:
            if op == nil { throw Failure(message: "syntax error: missing '}'") }
            throw Failure(message: "unsupported modifier (\(opText)) in substitution")
        }
    }

    func compile(_ pattern: String) throws(Failure) -> ShellPattern {
        do throws(ShellPattern.InvalidPattern) {
            return try ShellPattern(pattern)
        } catch {
            throw Failure(message: "invalid pattern (\(pattern)) in substitution: \(error.message)")
        }
    }
}

extension Unicode.Scalar {
    /// Go's unicode.IsSpace.
    var isGoSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Go's unicode.IsDigit (decimal digits, any script).
    var isGoDigit: Bool {
        if value < 0x80 { return value >= 0x30 && value <= 0x39 }
        return properties.generalCategory == .decimalNumber
    }

    /// Go's unicode.IsLetter.
    var isGoLetter: Bool {
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }
}
