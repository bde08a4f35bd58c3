/// Finds heredocs on a RUN/COPY/ADD line (parser.go heredocsFromLine + ParseHeredoc).
enum HeredocScanner {
    struct Failure: Error { var message: String }

    /// The heredocs a logical line declares, left to right. A line the shell lexer cannot
    /// read has none (BuildKit then parses the would-be body lines as instructions).
    static func heredocs(inLine line: String) throws(Failure) -> [Heredoc] {
        var lexer = ShellLexer(escape: "\\")
        lexer.rawQuotes = true
        lexer.rawEscapes = true
        lexer.skipUnsetEnv = true
        guard let words = try? lexer.processWords(gluingHeredocSpace(line), environment: { _ in nil }) else {
            return []
        }
        var found: [Heredoc] = []
        for word in words {
            if let heredoc = try parse(word: word) { found.append(heredoc) }
        }
        return found
    }

    /// Current BuildKit keeps the blanks directly after an unquoted `<<` with the word that
    /// follows (`<< EOF` is a heredoc). We mark them so the lexer does not split there.
    static func gluingHeredocSpace(_ line: String) -> String {
        let bytes = Array(line.utf8)
        let blankAfterMarker = bytes.indices.dropLast(2).contains {
            bytes[$0] == 0x3C && bytes[$0 + 1] == 0x3C && (bytes[$0 + 2] == 0x20 || bytes[$0 + 2] == 0x09)
        }
        guard blankAfterMarker else { return line }
        var out = String.UnicodeScalarView()
        let s = Array(line.unicodeScalars)
        var i = 0
        var quote: Unicode.Scalar? = nil
        while i < s.count {
            let c = s[i]
            out.append(c)
            if let q = quote {
                if c == q { quote = nil } else if c == "\\" && q == "\"" && i + 1 < s.count { i += 1; out.append(s[i]) }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "\\" && i + 1 < s.count {
                i += 1
                out.append(s[i])
            } else if c == "<" && i + 1 < s.count && s[i + 1] == "<" && (i + 2 < s.count && (s[i + 2] == " " || s[i + 2] == "\t")) {
                out.append("<")
                i += 2
                while i < s.count, s[i] == " " || s[i] == "\t" {
                    out.append("\\")  // an escaped blank stays in the word (raw escapes keep the \)
                    out.append(s[i])
                    i += 1
                }
                continue
            }
            i += 1
        }
        return String(out)
    }

    /// ParseHeredoc on one word: `[fd]<<[-][blanks]rest`, where rest lexes to one word.
    static func parse(word: String) throws(Failure) -> Heredoc? {
        let s = Array(word.unicodeScalars)
        var i = 0
        while i < s.count, s[i].value >= 0x30 && s[i].value <= 0x39 { i += 1 }
        let digits = String(String.UnicodeScalarView(s[..<i]))
        guard i + 2 <= s.count, s[i] == "<", s[i + 1] == "<" else { return nil }
        i += 2
        var chomp = false
        if i < s.count, s[i] == "-" { chomp = true; i += 1 }
        // Glued blanks arrive escaped (`\ `); plain \s also allowed by BuildKit's pattern.
        while i < s.count {
            if [" ", "\t", "\n", "\u{0C}", "\r"].contains(s[i]) { i += 1; continue }
            if s[i] == "\\", i + 1 < s.count, s[i + 1] == " " || s[i + 1] == "\t" { i += 2; continue }
            break
        }
        let rest = Array(s[i...])
        guard !rest.isEmpty, !rest.contains("<") else { return nil }
        let restText = String(String.UnicodeScalarView(rest))
        var lexer = ShellLexer(escape: "\\")
        lexer.skipUnsetEnv = true
        let words: [String]
        let rawWords: [String]
        do throws(ShellExpansionError) {
            words = try lexer.processWords(restText, environment: { _ in nil })
            guard words.count == 1 else { return nil }
            lexer.rawQuotes = true
            rawWords = try lexer.processWords(restText, environment: { _ in nil })
        } catch {
            throw Failure(message: error.message)
        }
        guard rawWords.count == words.count else {
            throw Failure(message: "internal lexing of heredoc produced inconsistent results: \(restText)")
        }
        func quotes(_ w: String) -> Int { w.unicodeScalars.filter { $0 == "'" || $0 == "\"" }.count }
        let fd = digits.isEmpty ? 0 : (Int(digits) ?? 0)
        return Heredoc(name: words[0], fileDescriptor: fd, expand: quotes(words[0]) == quotes(rawWords[0]), chomp: chomp)
    }
}
