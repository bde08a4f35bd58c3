/// A shell glob as BuildKit uses it in `${v#p}`, `${v%p}` and `${v/p/r}`: `*`, `?`, and
/// `\` escaping `*`, `?` or `\` (an escaped `}` or `/` is that character). Matching follows
/// the leftmost-first rule of the Go regular expression BuildKit builds from it, where `.`
/// does not match a newline.
struct ShellPattern {
    enum Token: Equatable {
        case literal(Unicode.Scalar)
        case any
        case star
    }

    struct InvalidPattern: Error { var message: String }

    let tokens: [Token]

    init(_ pattern: String) throws(InvalidPattern) {
        tokens = try Self.tokenize(Array(pattern.unicodeScalars))
    }

    private init(tokens: [Token]) { self.tokens = tokens }

    static func tokenize(_ scalars: [Unicode.Scalar]) throws(InvalidPattern) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            switch c {
            case "*": tokens.append(.star)
            case "?": tokens.append(.any)
            case "\\":
                guard i < scalars.count else {
                    // Go's scanner hands back EOF here, which is not a valid escape.
                    throw InvalidPattern(message: "invalid escape '\\'")
                }
                let next = scalars[i]
                if next == "}" || next == "/" { continue }  // the escape is dropped, the char read next
                guard next == "*" || next == "?" || next == "\\" else {
                    throw InvalidPattern(message: "invalid escape '\\\(next)'")
                }
                tokens.append(.literal(next))
                i += 1
            default:
                tokens.append(.literal(c))
            }
        }
        return tokens
    }

    /// The end of the first match starting at `start`, trying star lengths in preference
    /// order (longest first when greedy, shortest first otherwise), as a backtracking regex does.
    private func matchEnd(_ s: [Unicode.Scalar], from start: Int, greedy: Bool) -> Int? {
        func match(_ t: Int, _ i: Int) -> Int? {
            if t == tokens.count { return i }
            switch tokens[t] {
            case .literal(let c):
                return i < s.count && s[i] == c ? match(t + 1, i + 1) : nil
            case .any:
                return i < s.count && s[i] != "\n" ? match(t + 1, i + 1) : nil
            case .star:
                var limit = i
                while limit < s.count && s[limit] != "\n" { limit += 1 }
                if greedy {
                    var k = limit
                    while k >= i {
                        if let end = match(t + 1, k) { return end }
                        k -= 1
                    }
                } else {
                    for k in i...limit {
                        if let end = match(t + 1, k) { return end }
                    }
                }
                return nil
            }
        }
        return match(0, start)
    }

    func trimmingPrefix(of value: String, greedy: Bool) -> String {
        let s = Array(value.unicodeScalars)
        guard let end = matchEnd(s, from: 0, greedy: greedy) else { return value }
        return String(String.UnicodeScalarView(s[end...]))
    }

    /// BuildKit reverses both pattern and subject and trims a prefix.
    func trimmingSuffix(of value: String, greedy: Bool) -> String {
        let reversed = ShellPattern(tokens: tokens.reversed())
        let s = Array(value.unicodeScalars.reversed())
        guard let end = reversed.matchEnd(s, from: 0, greedy: greedy) else { return value }
        return String(String.UnicodeScalarView(s[end...].reversed()))
    }

    /// Replaces the first (or every non-overlapping) match, greedy, like Go's regexp.
    func replacing(in value: String, with replacement: String, all: Bool) -> String {
        let s = Array(value.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        var lastMatchEnd = -1
        while i <= s.count {
            if let end = matchEnd(s, from: i, greedy: true), !(end == i && i == lastMatchEnd) {
                out.append(contentsOf: replacement.unicodeScalars)
                lastMatchEnd = end
                if !all {
                    out.append(contentsOf: s[end...])
                    return String(out)
                }
                if end > i {
                    i = end
                    continue
                }
            }
            if i < s.count { out.append(s[i]) }
            i += 1
        }
        return String(out)
    }
}
