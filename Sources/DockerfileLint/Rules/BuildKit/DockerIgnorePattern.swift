/// One `.dockerignore` pattern, matched the way Docker's pattern matcher (moby/patternmatcher)
/// matches it: Go's `filepath.Match` syntax (`*` and `?` stop at `/`, `[a-z]` classes, `\`
/// escapes) plus `**` for any number of directories. Like that matcher, a pattern is sorted
/// into an exact, prefix (`dir/**`), suffix (`**/name`) or general match, which decides some
/// corner cases (`**foo` matches any path ending in `foo`).
struct DockerIgnorePattern: Sendable, Hashable {
    /// The pattern after `filepath.Clean` (without a `!`).
    let cleaned: String
    let isException: Bool
    private let kind: Kind
    private let tokens: [Token]

    private enum Kind: Hashable {
        case exact, prefix, suffix, general
    }

    private enum Token: Hashable {
        case literal(Unicode.Scalar)
        /// `?`: one character other than `/`.
        case one
        /// `*`: any run of characters other than `/`.
        case star
        /// `**/` inside a pattern: any number of whole directories, none included.
        case directories
        /// `**` at the end after other wildcards: anything.
        case rest
        case characterClass(ranges: [ClosedRange<Unicode.Scalar>], negated: Bool)
    }

    struct InvalidPattern: Error, Sendable {
        var pattern: String
    }

    /// - Parameter line: a pattern as the ignore file reader left it (cleaned, `!` kept).
    init(_ line: String) throws(InvalidPattern) {
        var text = PathText.clean(line)
        isException = text.hasPrefix("!")
        if isException {
            text.removeFirst()
            guard !text.isEmpty else { throw InvalidPattern(pattern: line) }
        }
        cleaned = text
        var kind = Kind.exact
        var tokens: [Token] = []
        let s = Array(text.unicodeScalars)
        var k = 0
        var step = 0
        while k < s.count {
            defer { step += 1 }
            let ch = s[k]
            k += 1
            switch ch {
            case "*":
                if k < s.count, s[k] == "*" {
                    k += 1
                    if k < s.count, s[k] == "/" { k += 1 }
                    if k == s.count {
                        // `dir/**` is a prefix match; after other wildcards it matches anything.
                        if kind == .exact { kind = .prefix } else { tokens.append(.rest); kind = .general }
                    } else {
                        tokens.append(.directories)
                        kind = .general
                    }
                    // A leading `**` makes the whole pattern a suffix match, unless later
                    // wildcards turn it back into a general one.
                    if step == 0 { kind = .suffix }
                } else {
                    tokens.append(.star)
                    kind = .general
                }
            case "?":
                tokens.append(.one)
                kind = .general
            case "\\":
                if k < s.count {
                    tokens.append(.literal(s[k]))
                    k += 1
                    kind = .general
                } else {
                    // Go's filepath.Match rejects a trailing backslash.
                    throw InvalidPattern(pattern: line)
                }
            case "[":
                guard let (klass, next) = Self.characterClass(s, from: k) else { throw InvalidPattern(pattern: line) }
                tokens.append(klass)
                k = next
                kind = .general
            case "]":
                // Outside a class Go's matcher takes it literally; Docker's regex does too.
                tokens.append(.literal(ch))
                kind = .general
            default:
                tokens.append(.literal(ch))
            }
        }
        self.kind = kind
        self.tokens = tokens
    }

    /// Reads `[...]` after its `[`: an optional `^`, then characters, `a-z` ranges and `\x` escapes.
    private static func characterClass(_ s: [Unicode.Scalar], from start: Int) -> (Token, Int)? {
        var k = start
        var negated = false
        if k < s.count, s[k] == "^" { negated = true; k += 1 }
        var ranges: [ClosedRange<Unicode.Scalar>] = []
        func char() -> Unicode.Scalar? {
            guard k < s.count, s[k] != "]", s[k] != "-" else { return nil }
            if s[k] == "\\" {
                guard k + 1 < s.count else { return nil }
                k += 2
                return s[k - 1]
            }
            k += 1
            return s[k - 1]
        }
        while true {
            if k < s.count, s[k] == "]", !ranges.isEmpty { return (.characterClass(ranges: ranges, negated: negated), k + 1) }
            guard let lo = char() else { return nil }
            var hi = lo
            if k < s.count, s[k] == "-" {
                k += 1
                guard let h = char(), h >= lo else { return nil }
                hi = h
            }
            ranges.append(lo...hi)
        }
    }

    /// Whether a cleaned, slash-separated path matches this pattern by itself.
    func matches(_ path: String) -> Bool {
        switch kind {
        case .exact:
            return path.utf8.elementsEqual(cleaned.utf8)
        case .prefix:
            return path.utf8.starts(with: cleaned.utf8.dropLast(2))
        case .suffix:
            let suffix = cleaned.utf8.dropFirst(2)
            if path.utf8.reversed().starts(with: suffix.reversed()) { return true }
            // `**/name` also matches `name` at the top.
            return suffix.first == UInt8(ascii: "/") && path.utf8.elementsEqual(suffix.dropFirst())
        case .general:
            return Self.match(tokens[...], Array(path.unicodeScalars)[...])
        }
    }

    /// Whether the path or one of its parent directories matches (Docker excludes everything
    /// under an excluded directory).
    func matchesOrParentMatches(_ path: String) -> Bool {
        if matches(path) { return true }
        let parent = PathText.directory(of: path)
        guard parent != "." else { return false }
        var prefix = ""
        for (k, part) in parent.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            if k > 0 { prefix += "/" }
            prefix += part
            if matches(prefix) { return true }
        }
        return false
    }

    private static func match(_ t: ArraySlice<Token>, _ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = t.first else { return s.isEmpty }
        let rest = t.dropFirst()
        switch first {
        case .literal(let c):
            return s.first == c && match(rest, s.dropFirst())
        case .one:
            guard let c = s.first, c != "/" else { return false }
            return match(rest, s.dropFirst())
        case .characterClass(let ranges, let negated):
            // A negated class matches `/` too: Docker compiles patterns to regular expressions.
            guard let c = s.first else { return false }
            let inside = ranges.contains { $0.contains(c) }
            return inside != negated && match(rest, s.dropFirst())
        case .star:
            var k = s.startIndex
            while true {
                if match(rest, s[k...]) { return true }
                guard k < s.endIndex, s[k] != "/" else { return false }
                k += 1
            }
        case .directories:
            // Nothing, or anything up to and including some `/`.
            if match(rest, s) { return true }
            var k = s.startIndex
            while k < s.endIndex {
                if s[k] == "/", match(rest, s[(k + 1)...]) { return true }
                k += 1
            }
            return false
        case .rest:
            return true  // only ever the last token
        }
    }
}

/// Go's `path.Clean` and `path.Dir` for slash-separated paths, as Docker applies them.
enum PathText {
    static func clean(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." { parts.removeLast() } else if !rooted { parts.append(part) }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return clean(String(path[...slash]))
    }
}
