/// DL1000: the file does not parse (reported by the linter itself).
struct ParseFailureRule: Rule {
    static let description = describe(
        "DL1000", "parse-error", .parse, .error,
        message: "The Dockerfile does not parse",
        rationale: "Nothing else can be checked until the file parses. Besides BuildKit's own errors, shapes that hadolint cannot read (unknown instructions, a missing argument, a `--mount` without target, a comment right after a heredoc) are reported here too.",
        fix: "Fix the line named in the message.",
        triggering: ["FROM debian:12\n↓FOO bar\n"],
        nonTriggering: ["FROM debian:12\n"])

    func check(_ c: LintContext) -> [Violation] { [] }
}

/// DL1001: an inline ignore pragma (hidden by default; for auditing ignores).
struct PragmaCommentRule: Rule {
    static let description = describe(
        "DL1001", "inline-ignore", .parse, .ignore,
        message: "An inline ignore pragma silences a rule here",
        rationale: "Audit where rules are switched off: raise this rule's severity to list every inline ignore.",
        fix: "Fix the finding instead of ignoring it, or keep the ignore with a reason.",
        triggering: [RuleExample("FROM debian:12\n↓# hadolint ignore=DL3008\nRUN apt-get install -y curl\n", config: { var c = LintConfiguration(); c.overrides["DL1001"] = .info; return c }())],
        nonTriggering: [RuleExample("FROM debian:12\n# just a comment\n", config: { var c = LintConfiguration(); c.overrides["DL1001"] = .info; return c }())])

    func check(_ c: LintContext) -> [Violation] { [] }
}

struct WorkdirAbsoluteRule: Rule {
    static let description = describe(
        "DL3000", "absolute-workdir", .instructions, .error,
        message: "Use an absolute WORKDIR path",
        rationale: "A relative WORKDIR depends on whatever the previous one was, often inherited from the base image.",
        fix: "Write `WORKDIR /app`.",
        triggering: ["FROM debian:12\n↓WORKDIR app\n"],
        nonTriggering: ["FROM debian:12\nWORKDIR /app\n", "FROM debian:12\nWORKDIR $HOME/app\n",
                        "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.report(["workdir"]) { item in
            let path = Quotes.strip(item.arguments.first ?? "")
            guard ContainerPath.isRelative(path) else { return nil }
            return Report(span: item.span(of: item.arguments.first ?? ""), suggestion: .advice(Self.advice(path)))
        }
    }

    /// Which absolute path was meant depends on the WORKDIRs before, maybe the base image's:
    /// a judgement (WorkdirRelativePath says the same).
    static func advice(_ path: String) -> String {
        "write the absolute path you mean (`WORKDIR /\(path)` if it belongs at the root): `\(path)` lands wherever the previous WORKDIR left off or, in a stage without one, the base image's (`docker image inspect -f '{{.Config.WorkingDir}}' IMAGE`, `/` when empty)"
    }
}

struct ExposePortRangeRule: Rule {
    static let description = describe(
        "DL3011", "valid-expose-port", .instructions, .error,
        message: "EXPOSE a port between 0 and 65535",
        rationale: "Ports above 65535 do not exist; the build accepts them but nothing can ever listen there.",
        fix: "Use a valid port number.",
        triggering: ["FROM nginx:1.27\n↓EXPOSE 80000\n"],
        nonTriggering: ["FROM nginx:1.27\nEXPOSE 80 443/tcp 8000-8010\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.adviseLines(["expose"]) { item in
            let bad = item.arguments.first { arg in
                let port = arg.prefix { $0 != "/" }
                guard !port.contains("$") else { return false }
                return port.split(separator: "-").contains { (Int($0) ?? 0) > 65535 }
            }
            return bad.map { "`\($0)` is not a port (they run 1 to 65535): write the port the program listens on" }
        }
    }
}

struct AddForFilesRule: Rule {
    static let description = describe(
        "DL3020", "copy-not-add", .instructions, .error,
        message: "Use COPY instead of ADD for files and folders",
        rationale: "ADD also fetches URLs and unpacks archives; COPY does only what it says, so it cannot surprise.",
        fix: "Replace ADD with COPY (keep ADD only for a local archive you want extracted).",
        triggering: ["FROM debian:12\n↓ADD app.py /app/\n"],
        nonTriggering: ["FROM debian:12\nADD rootfs.tar.xz /\n", "FROM debian:12\nCOPY app.py /app/\n"])

    /// ADD flags COPY also takes.
    static let copyFlags: Set<String> = ["chown", "chmod", "link", "exclude"]

    func check(_ c: LintContext) -> [Violation] {
        c.report(["add"]) { item in
            let sources = item.copySources.map(Quotes.strip)
            let isLocalFile = { (s: String) in !(Archives.isArchive(s) || s.hasPrefix("http://") || s.hasPrefix("https://")) }
            guard sources.contains(where: isLocalFile) else { return nil }
            let keyword = item.keywordSpan
            let copy = Rewrites.matchCase("copy", like: item.node.keyword)
            // Only when every source is a plain local file COPY means the same: no archive,
            // URL, variable or glob that could turn out to be one, no ADD-only flag.
            let plain = sources.allSatisfy { isLocalFile($0) && !$0.contains(where: { "$*?[".contains($0) }) }
            let flags = item.node.flags.allSatisfy { AddForFilesRule.copyFlags.contains(String($0.dropFirst(2).prefix { $0 != "=" })) }
            guard plain && flags else { return Report(span: keyword, suggestion: .advice("use COPY for the local files and keep ADD only for what it must fetch or unpack")) }
            return Report(span: keyword, suggestion: Suggestion("write `\(copy)`", edits: [TextEdit(keyword, copy)], .safe))
        }
    }
}

struct CopyMultipleSourcesRule: Rule {
    static let description = describe(
        "DL3021", "copy-dest-slash", .instructions, .error,
        message: "With several COPY sources the destination must end in /",
        rationale: "Copying several files into something that is not a directory fails the build.",
        fix: "End the destination with a slash: `COPY a b /app/`.",
        triggering: ["FROM debian:12\n↓COPY a.txt b.txt /app\n"],
        nonTriggering: ["FROM debian:12\nCOPY a.txt b.txt /app/\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.report(["copy"]) { item in
            guard item.copySources.count >= 2, !Quotes.strip(item.copyDestination).hasSuffix("/") else { return nil }
            // The build fails without the slash, so adding it changes nothing that worked.
            let dest = item.copyDestination
            guard !item.node.isJSON, !dest.hasSuffix("\""), !dest.hasSuffix("'"), let span = item.span(ofTrailing: dest) else {
                return Report(suggestion: .advice("end the destination with `/`"))
            }
            return Report(span: span, suggestion: Suggestion("write `\(dest)/`", edits: [.insert("/", at: span.end)], .safe))
        }
    }
}

struct JSONNotationRule: Rule {
    static let description = describe(
        "DL3025", "exec-form-cmd", .instructions, .warning,
        message: "Write CMD and ENTRYPOINT in JSON (exec) form",
        rationale: "The shell form runs your program under /bin/sh -c, so it is not PID 1 and never receives SIGTERM: stops take the full timeout.",
        fix: "Write `CMD [\"gunicorn\", \"app:app\"]`.",
        triggering: ["FROM python:3.12\n↓CMD python app.py\n"],
        nonTriggering: ["FROM python:3.12\nCMD [\"python\", \"app.py\"]\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.report(["cmd", "entrypoint", "healthcheck"]) { item in
            guard !item.node.isJSON else { return nil }
            if item.name != "healthcheck" { return Rewrites.execForm(item, in: c) }
            guard item.arguments.first?.uppercased() == "CMD" else { return nil }
            // hadolint flags the health probe too; say so in its own words.
            let probe = item.arguments.count == 2 ? item.arguments[1] : item.arguments.dropFirst().joined(separator: " ")
            return Report(message: "Write HEALTHCHECK CMD in JSON (exec) form, e.g. HEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/\"]",
                          suggestion: .advice("list the probe's program and arguments as a JSON array (`HEALTHCHECK CMD [\"program\", \"arg\"]`), or keep its shell with `HEALTHCHECK CMD [\"sh\", \"-c\", \(JSONText.string(probe))]`"))
        }
    }
}

struct OnbuildTriggerRule: Rule {
    static let description = describe(
        "DL3043", "onbuild-trigger", .instructions, .error,
        message: "ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER",
        rationale: "These triggers are forbidden by Docker and fail the child build.",
        fix: "Remove the ONBUILD prefix or the trigger.",
        triggering: ["FROM debian:12\n↓ONBUILD FROM alpine:3.20\n"],
        nonTriggering: ["FROM debian:12\nONBUILD RUN echo hi\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.items.compactMap { item in
            guard item.isOnbuild && ["onbuild", "from", "maintainer"].contains(item.name) else { return nil }
            let keyword = item.node.keyword
            return Violation(line: item.line, suggestion: .advice(item.name == "maintainer"
                ? "Docker refuses `ONBUILD \(keyword)`: remove this line (a LABEL on this image says who maintains it)"
                : "Docker refuses `ONBUILD \(keyword)`: remove this line, or write the \(keyword) in the Dockerfile that builds on this image"))
        }
    }
}

struct EnvSelfReferenceRule: Rule {
    static let description = describe(
        "DL3044", "env-same-line-reference", .instructions, .error,
        message: "Don't refer to a variable set in the same ENV instruction",
        rationale: "All pairs of one ENV are expanded with the old environment, so `ENV A=1 B=$A` leaves B empty.",
        fix: "Split it into two ENV instructions.",
        triggering: ["FROM debian:12\n↓ENV A=1 B=$A\n"],
        nonTriggering: ["FROM debian:12\nENV A=1\nENV B=$A\n", "FROM debian:12\nENV PATH=/x:$PATH\n"])

    func check(_ c: LintContext) -> [Violation] {
        var declared = Set<String>()
        return c.report { item in
            if item.name == "arg" {
                for a in item.arguments { declared.insert(String(a.prefix { $0 != "=" })) }
            }
            guard item.name == "env" else { return nil }
            let pairs = item.pairs
            let names = Set(pairs.map(\.key))
            defer { declared.formUnion(names) }
            for p in pairs {
                if let n = names.first(where: { n in n != p.key && !declared.contains(n) && (UTF8Search.contains(p.value, "${\(n)}") || NumericUserRule.mentions(p.value, n)) }) {
                    return .line(advice: "`\(p.key)` uses `$\(n)`, which this same ENV sets: it sees the value from before this line (empty unless the base image sets it); set `\(n)` in an ENV of its own above this one")
                }
            }
            return nil
        }
    }
}

struct CopyRelativeDestinationRule: Rule {
    static let description = describe(
        "DL3045", "copy-relative-needs-workdir", .instructions, .warning,
        message: "COPY to a relative path without a WORKDIR set in this stage",
        rationale: "The destination then depends on the base image's working directory, which can change under you.",
        fix: "Set `WORKDIR /app` first, or use an absolute destination.",
        triggering: ["FROM python:3.12\n↓COPY app.py .\n"],
        nonTriggering: ["FROM python:3.12\nWORKDIR /app\nCOPY app.py .\n", "FROM python:3.12\nCOPY app.py /app/\n"])

    func check(_ c: LintContext) -> [Violation] {
        var hasWorkdir = Array(repeating: false, count: c.stages.count)
        var out: [Violation] = []
        for item in c.items where !item.isOnbuild && item.stage >= 0 {
            if item.name == "workdir" { hasWorkdir[item.stage] = true }
            guard item.name == "copy" else { continue }
            guard ContainerPath.isRelative(Quotes.strip(item.copyDestination)) else { continue }
            if hasWorkdir[item.stage] || c.ancestors(of: item.stage).contains(where: { hasWorkdir[$0] }) { continue }
            out.append(Violation(line: item.line, span: item.span(ofTrailing: item.copyDestination) ?? item.span,
                                 suggestion: .advice("set the stage's folder first (`WORKDIR /app`) or copy to an absolute path; which folder is yours to choose")))
        }
        return out
    }
}

struct CopyRootToRootRule: Rule {
    static let description = describe(
        "DL3067", "copy-root-to-root", .instructions, .warning,
        message: "Copying `/` of another stage onto `/` overwrites the whole filesystem",
        rationale: "It replaces every system file of this stage, including /etc/passwd and the package database.",
        fix: "Copy only the directories you need.",
        triggering: ["FROM alpine:3.20 AS a\nFROM alpine:3.20\n↓COPY --from=a / /\n"],
        nonTriggering: ["FROM alpine:3.20 AS a\nFROM alpine:3.20\nCOPY --from=a /app /app\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.report(["copy"]) { item in
            guard let from = item.flag("from"), Quotes.strip(item.copyDestination) == "/",
                  item.copySources.contains(where: { Quotes.strip($0) == "/" }) else { return nil }
            return .line(advice: "name the folders this stage needs from `\(from)` (what its build produced) instead of `/`, each to its own destination")
        }
    }
}

struct MaintainerRule: Rule {
    static let description = describe(
        "DL4000", "no-maintainer", .instructions, .error,
        message: "MAINTAINER is deprecated; use a LABEL",
        rationale: "MAINTAINER was removed from the reference years ago; labels are searchable and standard.",
        fix: "Write `LABEL org.opencontainers.image.authors=\"you@example.com\"`.",
        triggering: ["FROM debian:12\n↓MAINTAINER me@example.com\n"],
        nonTriggering: ["FROM debian:12\nLABEL org.opencontainers.image.authors=me@example.com\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.report(["maintainer"]) { Rewrites.maintainerLabel($0) }
    }
}
