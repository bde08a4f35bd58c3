/// A simple command in a RUN script, as hadolint's rules see it: the name is the first word
/// exactly as written (no path stripping, no looking through `sudo`), leading `VAR=value`
/// words dropped, quotes removed and `$X` written `${X}`.
public struct ScriptCommand: Sendable, Hashable {
    public var name: String
    public var arguments: [String]
    /// Where each word (the name, then each argument) was written in the script text, as
    /// Unicode scalar offsets; empty when unknown (inside backquotes).
    public var wordRanges: [Range<Int>]
    /// How it is joined to the command before it (`.start` for a script's first).
    public var precededBy: ScriptOperator
    /// Its redirections as written, targets unquoted: `>/dev/null`, `2>&1`, `<<EOF`.
    public var redirections: [String]

    public init(name: String, arguments: [String], wordRanges: [Range<Int>] = [],
                precededBy: ScriptOperator = .start, redirections: [String] = []) {
        self.name = name
        self.arguments = arguments
        self.wordRanges = wordRanges.count == arguments.count + 1 ? wordRanges : []
        self.precededBy = precededBy
        self.redirections = redirections
    }

    /// Where argument `k` was written, if known.
    public func range(ofArgument k: Int) -> Range<Int>? {
        k + 1 < wordRanges.count ? wordRanges[k + 1] : nil
    }

    /// From the name's first character to the last argument's last one, if known.
    public var commandRange: Range<Int>? {
        guard let first = wordRanges.first, let last = wordRanges.last else { return nil }
        return first.lowerBound..<last.upperBound
    }

    /// The program without its folder: `pip` for `/usr/local/bin/pip`.
    public var program: String {
        name.split(separator: "/").last.map(String.init) ?? name
    }

    /// The value of an option: `--target=x`, `--target x`, `-t x`.
    public func optionValue(_ names: String...) -> String? {
        for (i, argument) in arguments.enumerated() {
            for name in names {
                if name.hasPrefix("--"), argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
                if argument == name, i + 1 < arguments.count { return arguments[i + 1] }
            }
        }
        return nil
    }

    /// The flags of one argument: `--name=v` gives `name`; `-abc` gives `a`, `b`, `c`;
    /// a bare `-` or `--` gives none.
    static func flags(of arg: String) -> [String] {
        if arg.hasPrefix("--") {
            guard arg.count > 2 else { return [] }
            let body = arg.dropFirst(2)
            return [String(body.prefix { $0 != "=" })]
        }
        if arg.hasPrefix("-"), arg.count > 1 {
            return arg.dropFirst().map { String($0) }
        }
        return []
    }

    static func isFlag(_ arg: String) -> Bool {
        (arg.hasPrefix("-") && arg.count > 1) && arg != "--"
    }

    /// Every flag named in the arguments, repeated as often as written.
    public var flags: [String] { arguments.flatMap(ScriptCommand.flags(of:)) }

    public func hasFlag(_ names: String...) -> Bool {
        for a in arguments where ScriptCommand.isFlag(a) {
            for f in ScriptCommand.flags(of: a) where names.contains(f) { return true }
        }
        return false
    }

    public func countFlag(_ name: String) -> Int {
        flags.filter { $0 == name }.count
    }

    public func hasArgument(_ values: String...) -> Bool {
        arguments.contains { values.contains($0) }
    }

    /// Non-flag arguments.
    public var operands: [String] { arguments.filter { !ScriptCommand.isFlag($0) } }

    /// Non-flag arguments after dropping the separate word that follows any of `valueFlags`
    /// (names without dashes: `t`, `target-release`).
    public func operands(droppingValuesOf valueFlags: Set<String>) -> [String] {
        var out: [String] = []
        var skipNext = false
        for a in arguments {
            if skipNext { skipNext = false; continue }
            if ScriptCommand.isFlag(a) {
                if a.hasPrefix("--") {
                    if !a.contains("="), valueFlags.contains(String(a.dropFirst(2))) { skipNext = true }
                } else if a.count == 2, valueFlags.contains(String(a.dropFirst())) {
                    skipNext = true
                }
                continue
            }
            out.append(a)
        }
        return out
    }

    /// `name` is the command and `word` is any argument (hadolint's "X …S…").
    public func isCall(_ name: String, with words: Set<String>) -> Bool {
        self.name == name && arguments.contains { words.contains($0) }
    }
}

/// The separator between two commands. A subshell's or group's first command is joined
/// by what came before the bracket.
public enum ScriptOperator: String, Sendable, Hashable {
    case start = ""
    case and = "&&"
    case or = "||"
    case sequence = ";"
    case pipe = "|"
    case background = "&"
    case newline = "\n"
    /// `;;` (or `;&`), which ends a `case` branch.
    case caseBranch = ";;"
}

/// A RUN script split into commands.
public struct RunScript: Sendable {
    public var commands: [ScriptCommand]
    /// A real pipe (`|` or `|&`, not `||`, not quoted) appears somewhere.
    public var hasPipe: Bool
    /// Commands or compound commands at the top level (0 when the text is not valid shell).
    public var topLevelCount: Int = 0

    public static let empty = RunScript(commands: [], hasPipe: false)

    public func calls(_ name: String, with words: Set<String>) -> [ScriptCommand] {
        commands.filter { $0.isCall(name, with: words) }
    }

    public func has(_ name: String) -> Bool { commands.contains { $0.name == name } }
}
