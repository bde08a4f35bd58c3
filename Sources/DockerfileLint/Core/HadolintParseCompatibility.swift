import DockerfileSyntax

/// Files BuildKit's parser accepts but hadolint cannot parse. hadolint then reports a
/// single DL1000 and nothing else, so to agree with it we do the same for these shapes
/// (each one is also a real mistake or a build-time error in BuildKit).
enum HadolintParseCompatibility {
    struct Failure { var line: Int; var message: String }

    static let known: Set<String> = [
        "from", "run", "cmd", "label", "maintainer", "expose", "env", "add", "copy", "entrypoint",
        "volume", "user", "workdir", "arg", "onbuild", "stopsignal", "healthcheck", "shell",
    ]
    static let needArguments: Set<String> = [
        "from", "run", "cmd", "label", "maintainer", "expose", "env", "add", "copy", "entrypoint",
        "volume", "user", "workdir", "arg", "onbuild", "stopsignal", "healthcheck", "shell",
    ]

    static func failure(in parsed: ParsedDockerfile, lines: [Substring]) -> Failure? {
        for ins in parsed.instructions {
            let line = ins.range.start.line
            if let f = check(ins, line: line) { return f }
            if let trigger = ins.onbuildTrigger, let f = check(trigger, line: line) { return f }
            if ins.heredocs.isEmpty, parsed.directives.escape == "\\", ins.range.end.line > line {
                // A line ending in `\\` continues for BuildKit, but hadolint reads an escaped
                // backslash there and the instruction ends early.
                let last = ins.range.end.column == 1 ? ins.range.end.line - 1 : ins.range.end.line
                for n in line...min(last, lines.count) {
                    var text = lines[n - 1]
                    while let l = text.last, l == " " || l == "\t" || l == "\r" { text = text.dropLast() }
                    if text.hasSuffix("\\\\"), !text.hasSuffix("\\\\\\") {
                        return Failure(line: n, message: "a line ending in `\\\\` is read as an escaped backslash by hadolint-compatible parsers, not as a continuation")
                    }
                }
            }
            if !ins.heredocs.isEmpty {
                // `ADD <<-EOT` (tab-stripping heredoc) in ADD/COPY is not understood: the body's
                // first line is then read as an instruction.
                if ins.name == "add" || ins.name == "copy", ins.heredocs.contains(where: \.chomp) {
                    return Failure(line: line + 1, message: "a `<<-` heredoc in \(ins.keyword.uppercased()) is not understood by hadolint-compatible parsers")
                }
                // Anything but a blank line straight after a heredoc's terminator line.
                let last = ins.range.end.column == 1 ? ins.range.end.line - 1 : ins.range.end.line
                if last < lines.count {
                    let next = lines[last].drop { $0 == " " || $0 == "\t" || $0 == "\r" }
                    if !next.isEmpty {
                        return Failure(line: last + 1, message: "hadolint-compatible parsers need a blank line after a heredoc's terminator")
                    }
                }
            }
        }
        return nil
    }

    private static func check(_ ins: RawInstruction, line: Int) -> Failure? {
        let name = ins.name
        guard known.contains(name) else {
            return Failure(line: line, message: "unknown instruction `\(ins.keyword)`: expected one of FROM, RUN, COPY, …")
        }
        let args = ins.arguments.filter { !$0.isEmpty }
        if needArguments.contains(name), args.isEmpty, !ins.isJSON, ins.onbuildTrigger == nil {
            return Failure(line: line, message: "\(ins.keyword.uppercased()) needs arguments")
        }
        if name == "healthcheck", let first = args.first, first.uppercased() == "CMD", args.count < 2 {
            return Failure(line: line, message: "HEALTHCHECK CMD needs a command")
        }
        if name == "copy" || name == "add", args.count < 2 {
            return Failure(line: line, message: "\(ins.keyword.uppercased()) needs a source and a destination")
        }
        if name == "healthcheck" {
            for f in ins.flags {
                for key in ["--interval=", "--timeout=", "--start-period=", "--start-interval="] where f.hasPrefix(key) {
                    if !isDuration(String(f.dropFirst(key.count))) {
                        return Failure(line: line, message: "HEALTHCHECK \(key.dropLast()) is not a duration such as 30s or 1m30s")
                    }
                }
            }
        }
        if name == "run" {
            for f in ins.flags where f.hasPrefix("--mount=") {
                let mount = RunMount(String(f.dropFirst(8)))
                if ["bind", "cache", "tmpfs"].contains(mount.type), mount.target == nil {
                    let at = ins.range(of: String(f.dropFirst(8)))?.start.line ?? line
                    return Failure(line: at, message: "a --mount of type \(mount.type) needs a target")
                }
            }
        }
        return nil
    }

    /// Go-style durations: one or more number+unit pairs (`30s`, `1m30s`, `500ms`).
    static func isDuration(_ s: String) -> Bool {
        var rest = Substring(s)
        guard !rest.isEmpty else { return false }
        if rest == "0" { return true }
        while !rest.isEmpty {
            let num = rest.prefix { $0.isNumber || $0 == "." }
            guard !num.isEmpty else { return false }
            rest = rest.dropFirst(num.count)
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            guard ["ns", "us", "µs", "ms", "s", "m", "h"].contains(String(unit)) else { return false }
            rest = rest.dropFirst(unit.count)
        }
        return true
    }
}
