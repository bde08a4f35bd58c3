/// What a piece of code is, for colouring. Highlighters say what; the theme says how.
enum TokenKind: Sendable, Equatable {
    case plain, keyword, instruction, flag, variable, string, comment, number, `operator`
    case key, prompt, command, output, literal
}

struct Token: Sendable, Equatable {
    var text: String
    var kind: TokenKind
}

/// A line-by-line highlighter; it may carry state (an open string, a heredoc, a
/// continued instruction) from one line to the next.
protocol LineHighlighter {
    mutating func tokens(for line: String) -> [Token]
}

/// Chooses a highlighter from a fence's info string.
enum SyntaxHighlighting {
    enum Language: Sendable, Equatable { case dockerfile, shell, console, python, json, yaml, text }

    static func language(for name: String?) -> Language {
        switch (name ?? "").lowercased() {
        case "dockerfile", "docker", "containerfile": return .dockerfile
        case "bash", "sh", "shell", "zsh", "ksh", "ash": return .shell
        case "console", "shell-session", "shellsession", "terminal", "sh-session": return .console
        case "python", "py", "python3", "py3": return .python
        case "json", "jsonc", "json5": return .json
        case "yaml", "yml": return .yaml
        default: return .text
        }
    }

    static func highlight(_ lines: [String], language name: String?) -> [[Token]] {
        switch language(for: name) {
        case .dockerfile: return run(DockerfileHighlighter(), lines)
        case .shell: return run(ShellHighlighter(), lines)
        case .console: return run(ConsoleHighlighter(), lines)
        case .python: return run(PythonHighlighter(), lines)
        case .json: return run(JSONHighlighter(), lines)
        case .yaml: return run(YAMLHighlighter(), lines)
        case .text: return lines.map { [Token(text: $0, kind: .plain)] }
        }
    }

    private static func run<H: LineHighlighter>(_ highlighter: H, _ lines: [String]) -> [[Token]] {
        var highlighter = highlighter
        return lines.map { highlighter.tokens(for: $0) }
    }
}

/// A cursor over one line's characters, shared by the highlighters.
struct LineScanner {
    let chars: [Character]
    var index = 0
    private(set) var tokens: [Token] = []

    init(_ line: String) { chars = Array(line) }

    var atEnd: Bool { index >= chars.count }
    var current: Character? { index < chars.count ? chars[index] : nil }
    func peek(_ offset: Int = 1) -> Character? {
        index + offset < chars.count ? chars[index + offset] : nil
    }
    var rest: String { String(chars[min(index, chars.count)...]) }

    /// Appends text to the last token when it has the same kind, so output stays compact.
    mutating func emit(_ text: String, _ kind: TokenKind) {
        guard !text.isEmpty else { return }
        if let last = tokens.last, last.kind == kind {
            tokens[tokens.count - 1].text += text
        } else {
            tokens.append(Token(text: text, kind: kind))
        }
    }

    mutating func take(while predicate: (Character) -> Bool) -> String {
        let start = index
        while index < chars.count && predicate(chars[index]) { index += 1 }
        return String(chars[start..<index])
    }

    mutating func takeRest() -> String {
        let text = rest
        index = chars.count
        return text
    }

    /// A quoted string starting at the current quote; returns it and whether it closed.
    mutating func takeQuoted(escapes: Bool = true) -> (text: String, closed: Bool) {
        guard let quote = current else { return ("", true) }
        let start = index
        index += 1
        while index < chars.count {
            let c = chars[index]
            if escapes && c == "\\" { index += 2; continue }
            index += 1
            if c == quote { return (String(chars[start..<min(index, chars.count)]), true) }
        }
        index = chars.count
        return (String(chars[start..<chars.count]), false)
    }
}

extension Character {
    var isWordCharacter: Bool {
        if let ascii = asciiValue {
            return (ascii >= 0x30 && ascii <= 0x39) || (ascii >= 0x41 && ascii <= 0x5A)
                || (ascii >= 0x61 && ascii <= 0x7A) || ascii == 0x5F
        }
        return isLetter || isNumber
    }

    /// Membership in a short set of ASCII characters, by bytes: `String.contains` on a
    /// Character walks graphemes and was the highlighters' hottest call.
    func isAny(of characters: StaticString) -> Bool {
        guard let ascii = asciiValue else { return false }
        return characters.withUTF8Buffer { $0.contains(ascii) }
    }
}
