/// POSIX shell: comments, quotes, `$VAR` / `${VAR}` / `$(...)`, flags, operators, and
/// the command word of each pipeline stage in bold. Used for bash/sh blocks, console
/// prompts and the shell form of Dockerfile `RUN`.
struct ShellHighlighter: LineHighlighter {
    static let keywords: Set<String> = [
        "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
        "in", "function", "return", "export", "local", "set", "unset", "readonly", "exit", "shift",
    ]

    /// Inside a string left open at the end of the previous line.
    private var openQuote: Character?
    /// Whether the next word starts a command (line start, after `&&`, `|`, `;`).
    private var expectCommand = true

    mutating func tokens(for line: String) -> [Token] {
        var scanner = LineScanner(line)
        scan(&scanner)
        return scanner.tokens
    }

    mutating func scan(_ s: inout LineScanner) {
        if let quote = openQuote {
            // Continue the string from the previous line up to its closing quote.
            let text = s.take { $0 != quote }
            s.emit(text, .string)
            if !s.atEnd { s.emit(String(quote), .string); s.index += 1; openQuote = nil } else { return }
        }
        var continued = false
        while let c = s.current {
            if c == " " || c == "\t" {
                s.emit(s.take { $0 == " " || $0 == "\t" }, .plain)
            } else if c == "#" && (s.index == 0 || s.chars[s.index - 1] == " " || s.chars[s.index - 1] == "\t") {
                s.emit(s.takeRest(), .comment)
            } else if c == "\"" || c == "'" {
                let (text, closed) = s.takeQuoted(escapes: c == "\"")
                s.emit(text, .string)
                if !closed { openQuote = c }
                expectCommand = false
            } else if c == "$" {
                s.emit(variable(&s), .variable)
                expectCommand = false
            } else if c == "\\" && s.peek() == nil {
                s.emit("\\", .operator)
                s.index += 1
                continued = true
            } else if c.isAny(of: "&|;<>") {
                let op = s.take { $0.isAny(of: "&|;<>") }
                s.emit(op, .operator)
                if op != ">" && op != ">>" && op != "<" { expectCommand = true }
            } else if c == "(" || c == ")" || c == "{" || c == "}" {
                s.emit(String(c), .plain)
                s.index += 1
            } else {
                let word = s.take { !$0.isAny(of: " \t\"'$;&|<>()#") || $0 == "#" }
                if word.isEmpty { s.emit(String(c), .plain); s.index += 1; continue }
                if Self.keywords.contains(word) {
                    s.emit(word, .keyword)
                    expectCommand = ["then", "else", "do", "elif", "if", "while", "until"].contains(word)
                } else if word.hasPrefix("-") && word.count > 1 {
                    emitFlag(word, &s)
                } else if expectCommand && !word.contains("=") {
                    s.emit(word, .command)
                    expectCommand = false
                } else if word.allSatisfy(\.isNumber) {
                    s.emit(word, .number)
                } else {
                    s.emit(word, .plain)
                }
            }
        }
        // A backslash at the end continues the same command on the next line.
        if !continued { expectCommand = true }
    }

    private func emitFlag(_ word: String, _ s: inout LineScanner) {
        if let eq = word.firstIndex(of: "=") {
            s.emit(String(word[..<eq]), .flag)
            s.emit(String(word[eq...]), .plain)
        } else {
            s.emit(word, .flag)
        }
    }

    private func variable(_ s: inout LineScanner) -> String {
        let start = s.index
        s.index += 1
        if s.current == "{" || s.current == "(" {
            let close: Character = s.current == "{" ? "}" : ")"
            while let c = s.current, c != close { s.index += 1 }
            if !s.atEnd { s.index += 1 }
        } else if let c = s.current, c.isAny(of: "?#@*!$0123456789-") {
            s.index += 1
        } else {
            _ = s.take { $0.isWordCharacter }
        }
        return String(s.chars[start..<s.index])
    }
}

/// A terminal session: `$ ` or `# ` prompts followed by commands, and their output.
struct ConsoleHighlighter: LineHighlighter {
    private var shell = ShellHighlighter()
    private var continuing = false

    mutating func tokens(for line: String) -> [Token] {
        var s = LineScanner(line)
        let prompts = ["$ ", "# ", "> ", "% "]
        if continuing {
            shell.scan(&s)
        } else if let prompt = prompts.first(where: { line.hasPrefix($0) }) ?? (line == "$" ? "$" : nil) {
            s.emit(prompt, .prompt)
            s.index = prompt.count
            shell.scan(&s)
        } else {
            s.emit(line, .output)
            return s.tokens
        }
        continuing = line.hasSuffix("\\")
        return s.tokens
    }
}
