/// Python: keywords, builtins and constants, strings (with prefixes, and triple-quoted
/// strings across lines), comments, numbers and decorators.
struct PythonHighlighter: LineHighlighter {
    static let keywords: Set<String> = [
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case",
    ]
    static let literals: Set<String> = ["True", "False", "None", "self", "print", "len", "range", "open"]

    private var openTriple: String?

    mutating func tokens(for line: String) -> [Token] {
        var s = LineScanner(line)
        if let triple = openTriple {
            if let end = line.firstRange(of: triple) {
                let upTo = line.distance(from: line.startIndex, to: end.upperBound)
                s.emit(String(s.chars[0..<upTo]), .string)
                s.index = upTo
                openTriple = nil
            } else {
                s.emit(line, .string)
                return s.tokens
            }
        }
        while let c = s.current {
            if c == "#" {
                s.emit(s.takeRest(), .comment)
            } else if c == "\"" || c == "'" {
                string(&s, prefix: "")
            } else if c == "@" && s.tokens.allSatisfy({ $0.text.allSatisfy(\.isWhitespace) }) {
                s.emit(s.take { $0 == "@" || $0.isWordCharacter || $0 == "." }, .variable)
            } else if c.isNumber {
                s.emit(s.take { $0.isNumber || $0 == "." || $0 == "_" || $0 == "x" || $0 == "e" }, .number)
            } else if c.isWordCharacter {
                let word = s.take { $0.isWordCharacter }
                if (s.current == "\"" || s.current == "'") && word.count <= 2
                    && word.lowercased().allSatisfy({ $0.isAny(of: "rbfu") }) {
                    string(&s, prefix: word)
                } else if Self.keywords.contains(word) {
                    s.emit(word, .keyword)
                } else if Self.literals.contains(word) {
                    s.emit(word, .literal)
                } else {
                    s.emit(word, .plain)
                }
            } else {
                s.emit(String(c), c.isAny(of: "=+-*/%<>!&|^~:") ? .operator : .plain)
                s.index += 1
            }
        }
        return s.tokens
    }

    private mutating func string(_ s: inout LineScanner, prefix: String) {
        guard let quote = s.current else { return }
        let triple = String(repeating: quote, count: 3)
        if s.rest.hasPrefix(triple) {
            let afterOpen = String(s.chars[(s.index + 3)...])
            if let end = afterOpen.firstRange(of: triple) {
                let length = 3 + afterOpen.distance(from: afterOpen.startIndex, to: end.upperBound)
                s.emit(prefix + String(s.chars[s.index..<(s.index + length)]), .string)
                s.index += length
            } else {
                s.emit(prefix + s.takeRest(), .string)
                openTriple = triple
            }
            return
        }
        s.emit(prefix + s.takeQuoted().text, .string)
    }
}
