/// Dockerfiles: instructions, `--flags`, `$VARIABLES`, strings, comments and parser
/// directives, `AS name` in FROM, `KEY=value` in ENV/ARG/LABEL, JSON exec form, the shell
/// form of RUN/CMD/ENTRYPOINT (via the shell highlighter), line continuations and heredocs.
struct DockerfileHighlighter: LineHighlighter {
    static let instructions: Set<String> = [
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
        "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    ]
    private static let shellForm: Set<String> = ["RUN", "CMD", "ENTRYPOINT", "SHELL"]

    private var instruction: String?
    private var continued = false
    private var heredocTerminator: String?
    private var shell = ShellHighlighter()

    mutating func tokens(for line: String) -> [Token] {
        var s = LineScanner(line)
        if let terminator = heredocTerminator {
            // Heredoc bodies are file content or a script: show them as a string until the end word.
            let trimmed = line.trimmingWhitespace()
            s.emit(line, trimmed == terminator ? .operator : .string)
            if trimmed == terminator { heredocTerminator = nil }
            return s.tokens
        }
        let leading = s.take { $0 == " " || $0 == "\t" }
        s.emit(leading, .plain)
        if s.current == "#" {
            // Comments (and `# syntax=` directives) are whole lines, even inside a continuation.
            s.emit(s.takeRest(), .comment)
            return s.tokens
        }
        if !continued {
            let word = s.take { $0.isWordCharacter }
            let upper = word.uppercased()
            if Self.instructions.contains(upper) {
                s.emit(word, .instruction)
                instruction = upper
                if upper == "HEALTHCHECK" || upper == "ONBUILD" { instruction = "RUN" }
            } else {
                s.emit(word, .plain)
                instruction = nil
            }
        }
        arguments(&s)
        detectHeredoc(line)
        continued = line.trimmingTrailingWhitespace().hasSuffix("\\")
        return s.tokens
    }

    private mutating func arguments(_ s: inout LineScanner) {
        // Leading `--flag=value` options belong to the instruction, whatever it is.
        while true {
            let spaces = s.take { $0 == " " || $0 == "\t" }
            s.emit(spaces, .plain)
            guard s.current == "-", s.peek() == "-" else { break }
            let flag = s.take { $0 != "=" && $0 != " " }
            s.emit(flag, .flag)
            if s.current == "=" {
                s.emit("=", .plain)
                s.index += 1
                plainWithVariables(s.take { $0 != " " && $0 != "\t" }, &s)
            }
        }
        guard !s.atEnd else { return }
        let instruction = instruction ?? ""
        if Self.shellForm.contains(instruction) || instruction == "HEALTHCHECK" {
            if s.current == "[" && !continued {
                execForm(&s)
            } else {
                shell.scan(&s)
            }
            return
        }
        switch instruction {
        case "FROM":
            while !s.atEnd {
                let spaces = s.take { $0 == " " || $0 == "\t" }
                s.emit(spaces, .plain)
                let word = s.take { $0 != " " && $0 != "\t" }
                if word.uppercased() == "AS" { s.emit(word, .keyword) } else { plainWithVariables(word, &s) }
            }
        case "ENV", "ARG", "LABEL":
            keyValues(&s)
        default:
            if s.current == "[" { execForm(&s) } else { generic(&s) }
        }
    }

    /// `KEY=value other="quoted value"` pairs, or the legacy `KEY value` form.
    private func keyValues(_ s: inout LineScanner) {
        while let c = s.current {
            if c == " " || c == "\t" {
                s.emit(s.take { $0 == " " || $0 == "\t" }, .plain)
            } else if c == "\"" || c == "'" {
                s.emit(s.takeQuoted().text, .string)
            } else if c == "\\" && s.peek() == nil {
                s.emit("\\", .operator); s.index += 1
            } else {
                let word = s.take { $0 != " " && $0 != "\t" && $0 != "=" && $0 != "\"" && $0 != "'" }
                if s.current == "=" {
                    s.emit(word, .key)
                    s.emit("=", .operator)
                    s.index += 1
                    if s.current == "\"" || s.current == "'" {
                        s.emit(s.takeQuoted().text, .string)
                    } else {
                        plainWithVariables(s.take { $0 != " " && $0 != "\t" }, &s)
                    }
                } else if word.isEmpty {
                    s.emit(String(c), .plain); s.index += 1
                } else {
                    plainWithVariables(word, &s)
                }
            }
        }
    }

    /// `["executable", "arg"]`: JSON strings in green, brackets and commas plain.
    private func execForm(_ s: inout LineScanner) {
        while let c = s.current {
            if c == "\"" {
                s.emit(s.takeQuoted().text, .string)
            } else {
                s.emit(String(c), c.isAny(of: "[],") ? .operator : .plain)
                s.index += 1
            }
        }
    }

    /// Any other instruction: strings, variables and the rest as it is.
    private func generic(_ s: inout LineScanner) {
        while let c = s.current {
            if c == "\"" || c == "'" {
                s.emit(s.takeQuoted().text, .string)
            } else if c == "\\" && s.peek() == nil {
                s.emit("\\", .operator); s.index += 1
            } else {
                plainWithVariables(s.take { $0 != "\"" && $0 != "'" && !($0 == "\\" && false) }, &s)
            }
        }
    }

    /// Text with `$VAR` / `${VAR:-default}` picked out.
    private func plainWithVariables(_ text: String, _ s: inout LineScanner) {
        var inner = LineScanner(text)
        while let c = inner.current {
            if c == "$", let next = inner.peek(), next == "{" || next.isWordCharacter {
                let start = inner.index
                inner.index += 1
                if inner.current == "{" {
                    while let d = inner.current, d != "}" { inner.index += 1 }
                    if !inner.atEnd { inner.index += 1 }
                } else {
                    _ = inner.take { $0.isWordCharacter }
                }
                s.emit(String(inner.chars[start..<inner.index]), .variable)
            } else {
                let plain = inner.take { $0 != "$" }
                if plain.isEmpty { s.emit("$", .plain); inner.index += 1 } else { s.emit(plain, .plain) }
            }
        }
    }

    private mutating func detectHeredoc(_ line: String) {
        // `RUN <<EOF` / `COPY <<-"EOF" /dest`: the body follows until a line with the word.
        guard line.utf8.contains(UInt8(ascii: "<")), let range = line.firstRange(of: "<<") else { return }
        var rest = line[range.upperBound...]
        if rest.hasPrefix("-") { rest = rest.dropFirst() }
        rest = rest.drop { $0 == "\"" || $0 == "'" }
        let word = rest.prefix { $0.isWordCharacter }
        if !word.isEmpty { heredocTerminator = String(word) }
    }
}
