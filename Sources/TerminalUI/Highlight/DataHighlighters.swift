/// JSON: object keys apart from string values, numbers, `true`/`false`/`null`.
struct JSONHighlighter: LineHighlighter {
    mutating func tokens(for line: String) -> [Token] {
        var s = LineScanner(line)
        while let c = s.current {
            if c == "\"" {
                let text = s.takeQuoted().text
                let after = s.chars[s.index...].first { $0 != " " && $0 != "\t" }
                s.emit(text, after == ":" ? .key : .string)
            } else if c.isNumber || (c == "-" && (s.peek()?.isNumber ?? false)) {
                s.emit(s.take { $0.isNumber || $0.isAny(of: "-+.eE") }, .number)
            } else if c.isLetter {
                let word = s.take { $0.isLetter }
                s.emit(word, ["true", "false", "null"].contains(word) ? .literal : .plain)
            } else if c == "/" && s.peek() == "/" {
                s.emit(s.takeRest(), .comment)
            } else {
                s.emit(String(c), .plain)
                s.index += 1
            }
        }
        return s.tokens
    }
}

/// YAML: keys, list dashes, quoted strings, numbers and booleans, comments, anchors,
/// and document markers. Block scalars (`|`, `>`) show as strings.
struct YAMLHighlighter: LineHighlighter {
    private var blockScalarIndent: Int?

    mutating func tokens(for line: String) -> [Token] {
        var s = LineScanner(line)
        let indent = line.prefix { $0 == " " }.count
        if let parent = blockScalarIndent {
            if line.trimmingWhitespace().isEmpty || indent > parent {
                s.emit(line, .string)
                return s.tokens
            }
            blockScalarIndent = nil
        }
        s.emit(s.take { $0 == " " }, .plain)
        if line.hasPrefix("---") || line.hasPrefix("...") {
            s.emit(s.takeRest(), .keyword)
            return s.tokens
        }
        while s.current == "-" && (s.peek() == " " || s.peek() == nil) {
            s.emit("-", .operator)
            s.index += 1
            s.emit(s.take { $0 == " " }, .plain)
        }
        // A key is a run up to `: ` (or `:` at the end), unless it is quoted text.
        if let colon = keyEnd(s) {
            s.emit(String(s.chars[s.index..<colon]), .key)
            s.emit(":", .operator)
            s.index = colon + 1
        }
        value(&s, indent: indent)
        return s.tokens
    }

    private func keyEnd(_ s: LineScanner) -> Int? {
        var i = s.index
        if let first = s.current, first == "#" || first == "\"" && false { return nil }
        while i < s.chars.count {
            let c = s.chars[i]
            if c == "#" && i > s.index && s.chars[i - 1] == " " { return nil }
            if c == ":" && (i + 1 == s.chars.count || s.chars[i + 1] == " ") { return i > s.index ? i : nil }
            if c == "\"" || c == "'" || c == "{" || c == "[" { return nil }
            i += 1
        }
        return nil
    }

    private mutating func value(_ s: inout LineScanner, indent: Int) {
        while let c = s.current {
            if c == " " || c == "\t" {
                s.emit(s.take { $0 == " " || $0 == "\t" }, .plain)
            } else if c == "#" && (s.index == 0 || s.chars[s.index - 1] == " ") {
                s.emit(s.takeRest(), .comment)
            } else if c == "\"" || c == "'" {
                s.emit(s.takeQuoted(escapes: c == "\"").text, .string)
            } else if (c == "|" || c == ">") && s.rest.trimmingWhitespace().count <= 3 {
                s.emit(s.takeRest(), .operator)
                blockScalarIndent = indent
            } else if c == "&" || c == "*" {
                s.emit(s.take { $0 != " " }, .variable)
            } else {
                let word = s.take { $0 != " " && $0 != "\t" }
                let lower = word.lowercased()
                if ["true", "false", "yes", "no", "null", "on", "off", "~"].contains(lower) {
                    s.emit(word, .literal)
                } else if !word.isEmpty && word.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) && word.contains(where: \.isNumber) {
                    s.emit(word, .number)
                } else if word.isEmpty {
                    s.emit(String(c), .plain); s.index += 1
                } else {
                    s.emit(word, .plain)
                }
            }
        }
    }
}
