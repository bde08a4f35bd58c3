import DockerfileSyntax

/// DL3001: commands that make no sense in an image build.
struct InteractiveCommandRule: Rule {
    static let description = describe(
        "DL3001", "no-interactive-commands", .shell, .info,
        message: "This command is meaningless in a build (free, kill, mount, ps, service, shutdown, ssh, top, vim)",
        rationale: "A build step has no running services, no terminal and no one watching; these commands do nothing useful there.",
        fix: "Remove it, or move the work to the container's entrypoint.",
        triggering: ["FROM debian:12\n↓RUN service nginx start\n"],
        nonTriggering: ["FROM debian:12\nRUN nginx -t\n"])

    static let names: Set<String> = ["free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"]

    func check(_ c: LintContext) -> [Violation] {
        c.adviseCommands(onbuild: true) { cmd in
            InteractiveCommandRule.names.contains(cmd.name)
                ? "a build step has no services, terminal or user: remove `\(cmd.name)` here; if the container needs it at start, do it in its entrypoint or CMD" : nil
        }
    }
}

/// DL3003: WORKDIR instead of cd.
struct AvoidCdRule: Rule {
    static let description = describe(
        "DL3003", "workdir-not-cd", .shell, .warning,
        message: "Use WORKDIR to change directory instead of cd",
        rationale: "`cd` lasts only for its RUN; WORKDIR is explicit, persists and is visible to later instructions.",
        fix: "Replace `cd /app && make` with `WORKDIR /app` then `RUN make`.",
        triggering: ["FROM debian:12\n↓RUN cd /app && make\n"],
        nonTriggering: ["FROM debian:12\nWORKDIR /app\nRUN make\n", "FROM debian:12\nRUN make -C /app\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: false) { site in
            guard site.command.name == "cd" else { return nil }
            return Report(span: site.span, suggestion: Self.advice(site.command.arguments))
        }
    }

    /// A judgement, not a rewrite: WORKDIR also moves every later instruction.
    static func advice(_ arguments: [String]) -> Suggestion {
        // A plain path only: a variable, `~` or substitution may mean something else to WORKDIR.
        let dir = arguments.count == 1 && !arguments[0].hasPrefix("-") && !arguments[0].contains(where: { "$`~(*?".contains($0) }) ? arguments[0] : nil
        guard let dir else {
            return .advice("`cd` lasts only until this RUN ends; if later instructions should run in that directory too, set it with WORKDIR before the RUN (WORKDIR moves every instruction after it, so check them)")
        }
        let absolute = dir.hasPrefix("/") ? "" : " (written as an absolute path: `\(dir)` is relative to where this RUN starts)"
        return .advice("`cd \(dir)` lasts only until this RUN ends; if the instructions after it should run in \(dir) too, put `WORKDIR \(dir)` before this RUN and drop the `cd`\(absolute); WORKDIR moves every later RUN, COPY and CMD as well, so check them. If only this RUN needs it, the `cd` is fine")
    }
}

/// DL4001: curl or wget, not both.
struct CurlAndWgetRule: Rule {
    static let description = describe(
        "DL4001", "curl-or-wget", .shell, .warning,
        message: "Use either curl or wget in a stage, not both",
        rationale: "Two download tools means two packages to install, patch and ship for the same job.",
        fix: "Pick one tool and use it for every download.",
        triggering: ["FROM debian:12\nRUN curl -fsSLO https://example.com/a\n↓RUN wget -q https://example.com/b\n"],
        nonTriggering: ["FROM debian:12\nRUN curl -fsSLO https://example.com/a\nRUN curl -fsSLO https://example.com/b\n"])

    func check(_ c: LintContext) -> [Violation] {
        // Stages that have used each tool so far: the RUN that brings in the second is reported.
        var curl = Set<Int>(), wget = Set<Int>()
        return c.reportRuns(onbuild: true) { run in
            let usesCurl = run.script.has("curl"), usesWget = run.script.has("wget")
            if usesCurl { curl.insert(run.item.stage) }
            if usesWget { wget.insert(run.item.stage) }
            guard (usesCurl || usesWget) && curl.contains(run.item.stage) && wget.contains(run.item.stage) else { return nil }
            return .line(advice: "this stage downloads with both curl and wget: pick the one its base image already has and write every download with it (their flags differ, so rewrite each command)")
        }
    }
}

/// DL4005: SHELL instead of relinking /bin/sh.
struct LinkBinShRule: Rule {
    static let description = describe(
        "DL4005", "shell-not-ln-sh", .shell, .warning,
        message: "Use the SHELL instruction instead of relinking /bin/sh",
        rationale: "Replacing /bin/sh changes the shell for every program in the image; SHELL changes it only for the build.",
        fix: "Write `SHELL [\"/bin/bash\", \"-c\"]`.",
        triggering: ["FROM debian:12\n↓RUN ln -sf /bin/bash /bin/sh\n"],
        nonTriggering: ["FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.adviseCommands(onbuild: true) { cmd in
            cmd.name == "ln" && cmd.hasArgument("/bin/sh")
                ? "leave /bin/sh alone: to run RUN commands with another shell, write `SHELL [\"/bin/bash\", \"-c\"]` (with the shell you meant) above them and drop this `ln`" : nil
        }
    }
}

/// DL4006: set -o pipefail before pipes.
struct PipefailRule: Rule {
    static let description = describe(
        "DL4006", "pipefail", .shell, .warning,
        message: "Set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before a RUN with a pipe",
        rationale: "A pipeline's status is its last command's: `curl … | tar x` succeeds even when the download failed.",
        fix: "Add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` above the RUN.",
        triggering: ["FROM debian:12\n↓RUN curl -fsSL https://example.com/x.tgz | tar xz\n"],
        nonTriggering: ["FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/x.tgz | tar xz\n",
                        "FROM debian:12\nRUN a || b\n"])

    static let shells: Set<String> = ["/bin/bash", "/bin/zsh", "/bin/ash", "bash", "zsh", "ash"]

    static func isSafe(_ shell: [String]) -> Bool {
        guard let program = shell.first else { return false }
        if ["pwsh", "powershell", "cmd"].contains(where: { program.hasPrefix($0) }) { return true }
        guard shells.contains(program) else { return false }
        let args = shell.dropFirst()
        let oFlag = args.contains { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.dropFirst().contains("o") }
        return oFlag && args.contains("pipefail")
    }

    func check(_ c: LintContext) -> [Violation] {
        var safe = false
        var out: [Violation] = []
        // Every RUN of a stage gets the same edit: one SHELL above the first that needs it.
        var shellEdit: TextEdit?
        for (k, item) in c.items.enumerated() where !item.isOnbuild {
            switch item.name {
            case "from": safe = false; shellEdit = nil
            case "shell": safe = PipefailRule.isSafe(item.arguments)
            case "run":
                guard !safe && c.scripts[k].hasPipe else { break }
                if shellEdit == nil {
                    let line = item.raw.range.start.line
                    let ending = line <= c.lines.count && c.lines[line - 1].hasSuffix("\r") ? "\r\n" : "\n"
                    let keyword = item.node.keyword == item.node.keyword.lowercased() ? "shell" : "SHELL"
                    shellEdit = .insert("\(keyword) [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]" + ending, at: SourcePosition(line: line, column: 1))
                }
                out.append(Violation(line: item.line, span: item.span, suggestion: Suggestion(
                    "add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` above (unsafe: the image needs bash, and every later RUN of the stage runs under it)",
                    edits: shellEdit.map { [$0] } ?? [], .unsafe)))
            default: break
            }
        }
        return out
    }
}

/// DL3046: useradd with a high UID needs -l.
struct UseraddUidRule: Rule {
    static let description = describe(
        "DL3046", "useradd-no-log-init", .shell, .warning,
        message: "`useradd` with a large UID needs `-l` (--no-log-init)",
        rationale: "Without -l, useradd writes the lastlog/faillog entries at an offset of the UID, creating a sparse file that can fill the layer with gigabytes.",
        fix: "Write `useradd -l -u 123456 app`.",
        triggering: ["FROM debian:12\n↓RUN useradd -u 123456 app\n"],
        nonTriggering: ["FROM debian:12\nRUN useradd -l -u 123456 app\n", "FROM debian:12\nRUN useradd -u 1000 app\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            let cmd = site.command
            guard cmd.name == "useradd", cmd.hasFlag("u", "uid"), !cmd.hasFlag("l", "no-log-init") else { return nil }
            let a = cmd.arguments
            for (k, arg) in a.enumerated() where arg.hasPrefix("-") && !arg.hasPrefix("--") && arg.contains("u") && k + 1 < a.count {
                if a[k + 1].count > 5 {
                    return Report(span: site.span, suggestion: .advice("add `-l` (`--no-log-init`) to this useradd: with UID \(a[k + 1]) it would otherwise write a sparse lastlog as large as the UID"))
                }
            }
            return nil
        }
    }
}

/// DL3047: wget's progress bar floods build logs.
struct WgetProgressRule: Rule {
    static let description = describe(
        "DL3047", "wget-quiet", .shell, .info,
        message: "Use `wget -q` or `--progress=dot:giga`; the progress bar floods the build log",
        rationale: "In a non-terminal build log, wget's progress bar prints thousands of lines.",
        fix: "Add `-q` (or `-nv`, or `--progress=dot:giga`).",
        triggering: ["FROM debian:12\n↓RUN wget https://example.com/x.tgz\n"],
        nonTriggering: ["FROM debian:12\nRUN wget -q https://example.com/x.tgz\n", "FROM debian:12\nRUN wget -nv https://example.com/x.tgz\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            let cmd = site.command
            guard cmd.name == "wget", !cmd.hasFlag("progress", "q", "quiet", "o", "output-file", "a", "append-output", "no-verbose"),
                  !cmd.hasArgument("-nv") else { return nil }
            let edit = site.insertionAfterName("--progress=dot:giga")
            return Report(span: site.span, suggestion: edit.map { Suggestion("add `--progress=dot:giga`", edits: [$0], .safe) } ?? .advice("add `--progress=dot:giga`"))
        }
    }
}

/// DL3059: merge consecutive single-command RUNs.
struct ConsecutiveRunRule: Rule {
    static let description = describe(
        "DL3059", "merge-consecutive-runs", .shell, .info,
        message: "Consecutive RUN instructions: consider joining them with &&",
        rationale: "Each RUN makes a layer; related one-liners are smaller and faster as one.",
        fix: "Join the commands into one RUN with `&&`.",
        triggering: ["FROM debian:12\nRUN mkdir /a\n↓RUN mkdir /b\n"],
        nonTriggering: ["FROM debian:12\nRUN mkdir /a && mkdir /b\n", "FROM debian:12\nRUN mkdir /a\nWORKDIR /a\nRUN mkdir b\n"])

    func check(_ c: LintContext) -> [Violation] {
        var out: [Violation] = []
        var previous: (flags: [String], single: Bool)?
        for (k, item) in c.items.enumerated() where !item.isOnbuild {
            guard item.name == "run" else { previous = nil; continue }
            // ShellCheck's view: every simple command, nested ones included, tests excluded;
            // a script that does not parse has none.
            let single = c.scripts[k].commands.count <= 1
            let flags = item.node.flags.sorted()
            if let p = previous, p.single, single, p.flags == flags {
                out.append(Violation(line: item.line, span: item.span,
                                     suggestion: .advice("join it to the RUN above with `&&` if they belong together (one layer); keep them apart if one changes more often")))
            }
            previous = (flags, single)
        }
        return out
    }
}

/// DL3010: ADD extracts archives itself.
struct CopyArchiveThenExtractRule: Rule {
    static let description = describe(
        "DL3010", "add-extracts-archives", .shell, .info,
        message: "Use ADD for a local archive that is extracted right after copying",
        rationale: "COPY then tar keeps the archive in one layer and its contents in another; ADD extracts it in one step.",
        fix: "Replace `COPY app.tar.gz /x/` + `RUN tar -xzf …` with `ADD app.tar.gz /x/`.",
        triggering: ["FROM debian:12\n↓COPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n"],
        nonTriggering: ["FROM debian:12\nADD app.tar.gz /opt/\n", "FROM debian:12\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip\n"])

    static let extractors: Set<String> = ["unzip", "gunzip", "bunzip2", "unlzma", "unxz", "zgz", "uncompress", "zcat", "gzcat"]

    func check(_ c: LintContext) -> [Violation] {
        guard let last = c.stages.last?.index else { return [] }
        var archives: [(line: Int, name: String)] = []
        var out: [Violation] = []
        var reported = Set<Int>()
        for (k, item) in c.items.enumerated() where !item.isOnbuild && item.stage == last {
            if item.name == "copy", item.flag("from") == nil {
                let dest = Quotes.strip(item.copyDestination)
                for src in item.copySources.map(Quotes.strip) where Archives.isArchive(src) {
                    let name = Archives.isArchive(dest) ? Archives.fileName(dest) : Archives.fileName(src)
                    archives.append((item.line, name))
                }
            } else if item.name == "run" {
                for cmd in c.scripts[k].commands {
                    let extracts: Bool
                    if cmd.name == "tar" {
                        extracts = cmd.arguments.contains { $0 == "--extract" || $0 == "--get" || ($0.hasPrefix("-") && $0.contains("x")) }
                    } else {
                        extracts = CopyArchiveThenExtractRule.extractors.contains(cmd.name)
                    }
                    guard extracts else { continue }
                    let names = Set(cmd.operands.map(Archives.fileName))
                    for a in archives where names.contains(a.name) && reported.insert(a.line).inserted {
                        let tar = [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz"].contains { a.name.lowercased().hasSuffix($0) }
                        out.append(Violation(line: a.line, suggestion: .advice(tar
                            ? "the copied `\(a.name)` stays in this layer after it is extracted: `ADD \(a.name) DIR/` extracts a local tar archive itself (DIR being where the RUN unpacks it), in place of this COPY and the extraction"
                            : "the copied `\(a.name)` stays in this layer after it is extracted: ADD does not unpack this kind of archive, so extract it in a build stage and COPY --from only the result")))
                    }
                }
            }
        }
        return out.sorted { $0.range.start.line < $1.range.start.line }
    }
}
