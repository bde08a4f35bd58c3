/// A small POSIX shell-command splitter for RUN and shell-form text: enough for a rule to
/// ask which commands run with which arguments (`apt-get install -y curl=7.88*`).
/// It is not a shell: no expansion happens; command substitutions stay inside their word.
public struct ShellScript: Hashable, Sendable {
    public var commands: [ShellCommand]

    public static func parse(_ text: String) -> ShellScript {
        var splitter = ShellSplitter(Array(text.unicodeScalars))
        return ShellScript(commands: splitter.run())
    }

    /// Commands whose name (the program, after `sudo`/`env`-style wrappers are not removed) is `name`.
    public func commands(named name: String) -> [ShellCommand] {
        commands.filter { $0.name == name }
    }
}

/// How a command is joined to the one before it.
public enum ShellOperator: String, Hashable, Sendable {
    case start = ""
    case and = "&&"
    case or = "||"
    case sequence = ";"
    case pipe = "|"
    case background = "&"
    case newline = "\n"
}

/// One word of a command: its text with quotes and escapes removed, the text as written,
/// and where it starts in the script (scalar offset).
public struct ShellWord: Hashable, Sendable {
    public var text: String
    public var raw: String
    public var offset: Int
    /// Part of the word was quoted.
    public var isQuoted: Bool
}

/// A simple command: leading `NAME=value` assignments, then the program and its arguments.
public struct ShellCommand: Hashable, Sendable {
    public var assignments: [ShellWord]
    /// The program and its arguments (redirections removed).
    public var words: [ShellWord]
    /// `>`, `2>&1`, `< file`… with their targets.
    public var redirections: [String]
    /// The operator that joins this command to the previous one.
    public var precededBy: ShellOperator
    /// The operator that follows it (`.start` when it is the last).
    public var followedBy: ShellOperator = .start

    /// The program, e.g. `apt-get`, with any path removed (`/usr/bin/pip` → `pip`).
    public var name: String? {
        guard let first = words.first?.text else { return nil }
        return first.split(separator: "/").last.map(String.init) ?? first
    }

    /// The words after the program.
    public var arguments: [String] { words.dropFirst().map(\.text) }

    /// Arguments that are not options (do not start with `-`).
    public var positionalArguments: [String] { arguments.filter { !$0.hasPrefix("-") || $0 == "-" } }

    /// The first positional argument: `install` in `apt-get -y install curl`.
    public var subcommand: String? { positionalArguments.first }

    /// True when any spelling of an option appears: `-y`, `--yes`, `-qy` (short options
    /// combined), or `--opt=value`.
    public func hasOption(_ names: String...) -> Bool {
        hasOption(names)
    }

    public func hasOption(_ names: [String]) -> Bool {
        for argument in arguments {
            if argument == "--" { break }
            for name in names {
                if argument == name { return true }
                if name.hasPrefix("--"), argument.hasPrefix(name + "=") { return true }
                if name.count == 2, name.hasPrefix("-"), argument.hasPrefix("-"), !argument.hasPrefix("--"),
                   argument.dropFirst().contains(name.last!) {
                    return true
                }
            }
        }
        return false
    }

    /// The value of an option: `--target=x`, `--target x`, `-t x`.
    public func optionValue(_ names: String...) -> String? {
        let args = arguments
        for (i, argument) in args.enumerated() {
            for name in names {
                if argument.hasPrefix(name + "="), name.hasPrefix("--") { return String(argument.dropFirst(name.count + 1)) }
                if argument == name, i + 1 < args.count { return args[i + 1] }
            }
        }
        return nil
    }

    /// Text of the whole command as written, for messages.
    public var text: String { (assignments + words).map(\.raw).joined(separator: " ") }
}

/// The tokenizer behind `ShellScript`: words, quotes, escapes, operators, comments.
struct ShellSplitter {
    let s: [Unicode.Scalar]
    var i = 0
    var commands: [ShellCommand] = []
    var current = ShellCommand(assignments: [], words: [], redirections: [], precededBy: .start)
    var pendingOperator = ShellOperator.start

    init(_ s: [Unicode.Scalar]) { self.s = s }

    mutating func finishCommand(_ op: ShellOperator) {
        if !current.words.isEmpty || !current.assignments.isEmpty {
            current.followedBy = op
            commands.append(current)
            pendingOperator = op
        } else if op != .newline {
            pendingOperator = op
        }
        current = ShellCommand(assignments: [], words: [], redirections: [], precededBy: pendingOperator)
    }

    mutating func run() -> [ShellCommand] {
        while i < s.count {
            let c = s[i]
            switch c {
            case " ", "\t", "\r":
                i += 1
            case "\\" where i + 1 < s.count && s[i + 1] == "\n":
                i += 2
            case "\n":
                finishCommand(.newline)
                i += 1
            case "#":
                while i < s.count, s[i] != "\n" { i += 1 }
            case ";":
                i += 1
                if i < s.count, s[i] == ";" { i += 1 }
                finishCommand(.sequence)
            case "&":
                if i + 1 < s.count, s[i + 1] == "&" { i += 2; finishCommand(.and) }
                else if i + 1 < s.count, s[i + 1] == ">" { readRedirection() }
                else { i += 1; finishCommand(.background) }
            case "|":
                if i + 1 < s.count, s[i + 1] == "|" { i += 2; finishCommand(.or) } else { i += 1; finishCommand(.pipe) }
            case "(", ")", "{" where isLoneBrace(), "}" where isLoneBrace():
                // Subshells and groups: their contents are commands like any other.
                i += 1
                finishCommand(.sequence)
            case ">", "<":
                readRedirection()
            default:
                if c.properties.numericType != nil, isFDRedirection() { readRedirection(); continue }
                let word = readWord()
                let isAssignment = current.words.isEmpty && Self.isAssignment(word.raw)
                if isAssignment { current.assignments.append(word) } else { current.words.append(word) }
            }
        }
        finishCommand(.start)
        if var last = commands.popLast() {
            last.followedBy = .start
            commands.append(last)
        }
        return commands
    }

    /// `{` and `}` group only as separate words.
    func isLoneBrace() -> Bool {
        let before = i == 0 || " \t\n;&|".unicodeScalars.contains(s[i - 1])
        let after = i + 1 >= s.count || " \t\n;&|".unicodeScalars.contains(s[i + 1])
        return before && after
    }

    /// `2>file`, `2>&1`: digits directly followed by `>` or `<`.
    func isFDRedirection() -> Bool {
        var j = i
        while j < s.count, ("0"..."9").contains(s[j]) { j += 1 }
        return j > i && j < s.count && (s[j] == ">" || s[j] == "<")
    }

    mutating func readRedirection() {
        var text = String.UnicodeScalarView()
        while i < s.count, ("0"..."9").contains(s[i]) || s[i] == "&" && text.isEmpty { text.append(s[i]); i += 1 }
        while i < s.count, s[i] == ">" || s[i] == "<" || s[i] == "&" || s[i] == "|" || s[i] == "-" {
            text.append(s[i])
            i += 1
            if text.last == "&", i < s.count, ("0"..."9").contains(s[i]) || s[i] == "-" {
                while i < s.count, ("0"..."9").contains(s[i]) || s[i] == "-" { text.append(s[i]); i += 1 }
                current.redirections.append(String(text))
                return
            }
        }
        while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 }
        if i < s.count, !"\n;&|()".unicodeScalars.contains(s[i]) {
            let target = readWord()
            text.append(contentsOf: target.raw.unicodeScalars)
        }
        current.redirections.append(String(text))
    }

    static func isAssignment(_ raw: String) -> Bool {
        guard let eq = raw.firstIndex(of: "="), eq != raw.startIndex else { return false }
        let name = raw[..<eq]
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// One word: runs to an unquoted blank or operator. `$(…)`, `${…}` and backticks are
    /// kept whole, as are quotes.
    mutating func readWord() -> ShellWord {
        let start = i
        var text = String.UnicodeScalarView()
        var quoted = false
        wordLoop: while i < s.count {
            let c = s[i]
            switch c {
            case " ", "\t", "\n", "\r", ";", "&", "|", "<", ">":
                break wordLoop
            case "(", ")":
                break wordLoop
            case "\\":
                if i + 1 < s.count {
                    if s[i + 1] != "\n" { text.append(s[i + 1]) }
                    i += 2
                } else {
                    i += 1
                }
            case "'":
                quoted = true
                i += 1
                while i < s.count, s[i] != "'" { text.append(s[i]); i += 1 }
                i += 1
            case "\"":
                quoted = true
                i += 1
                while i < s.count, s[i] != "\"" {
                    if s[i] == "\\", i + 1 < s.count, "\"\\$`\n".unicodeScalars.contains(s[i + 1]) {
                        if s[i + 1] != "\n" { text.append(s[i + 1]) }
                        i += 2
                        continue
                    }
                    if s[i] == "$", i + 1 < s.count, s[i + 1] == "(" {
                        readBalanced(into: &text)
                        continue
                    }
                    text.append(s[i])
                    i += 1
                }
                i += 1
            case "$" where i + 1 < s.count && (s[i + 1] == "(" || s[i + 1] == "{"):
                readBalanced(into: &text)
            case "`":
                text.append(c)
                i += 1
                while i < s.count, s[i] != "`" { text.append(s[i]); i += 1 }
                if i < s.count { text.append(s[i]); i += 1 }
            default:
                text.append(c)
                i += 1
            }
        }
        let end = min(i, s.count)
        return ShellWord(text: String(text), raw: String(String.UnicodeScalarView(s[start..<end])), offset: start, isQuoted: quoted)
    }

    /// `$(...)` or `${...}` with nesting, copied verbatim.
    mutating func readBalanced(into text: inout String.UnicodeScalarView) {
        let open = s[i + 1]
        let close: Unicode.Scalar = open == "(" ? ")" : "}"
        text.append(s[i]); text.append(open)
        i += 2
        var depth = 1
        while i < s.count, depth > 0 {
            let c = s[i]
            if c == open { depth += 1 } else if c == close { depth -= 1 }
            else if c == "'" {
                text.append(c); i += 1
                while i < s.count, s[i] != "'" { text.append(s[i]); i += 1 }
                if i < s.count { text.append(s[i]); i += 1 }
                continue
            }
            text.append(c)
            i += 1
        }
    }
}
