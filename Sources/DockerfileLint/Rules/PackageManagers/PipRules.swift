/// pip detection shared by DL3013 and DL3042: the arguments after `install`, or nil.
enum Pip {
    static func installArguments(_ cmd: ScriptCommand, excludeWrappers: Bool) -> [String]? {
        if cmd.name.hasPrefix("pip") && !cmd.name.hasPrefix("pipenv") {
            if excludeWrappers && (cmd.name.contains("pipx") || cmd.name.contains("pipenv")) { return nil }
            guard let k = cmd.arguments.firstIndex(of: "install") else { return nil }
            return Array(cmd.arguments[(k + 1)...])
        }
        if cmd.name.hasPrefix("python") {
            let a = cmd.arguments
            guard a.count >= 3 else { return nil }
            for k in 0..<(a.count - 2) where a[k] == "-m" && a[k + 2] == "install" {
                if a[k + 1] == "pip" { return Array(a[(k + 3)...]) }
            }
        }
        return nil
    }

    static let valueFlags: Set<String> = [
        "abi", "b", "build", "e", "editable", "extra-index-url", "f", "find-links", "i", "index-url",
        "implementation", "no-binary", "only-binary", "platform", "prefix", "progress-bar", "proxy",
        "python", "python-version", "root", "root-user-action", "src", "t", "target", "trusted-host",
        "upgrade-strategy",
    ]

    static func isPinned(_ p: String) -> Bool {
        for op in ["==", ">=", "<=", ">", "<", "!=", "~=", "==="] where p.contains(op) { return true }
        let vcs = p.hasPrefix("git") || p.hasPrefix("hg+") || p.hasPrefix("svn") || p.hasPrefix("bzr+")
        if vcs { return p.contains("@") }
        if p.hasSuffix(".whl") || p.hasSuffix(".tar.gz") { return true }
        return p.contains("/")
    }
}

/// DL3013: pin pip packages.
struct PipPinRule: Rule {
    static let description = describe(
        "DL3013", "pin-pip-versions", .packageManagers, .warning,
        message: "Pin versions in pip install (`pip install flask==3.0.3`), or install from a requirements file",
        rationale: "Unpinned packages resolve to whatever is newest at build time, so builds drift and break.",
        fix: "Pin each package to the version you tested (`pip index versions PACKAGE` lists them), or `pip install -r requirements.txt` with pinned requirements.",
        triggering: ["FROM python:3.12\n↓RUN pip install --no-cache-dir flask\n"],
        nonTriggering: ["FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3\n",
                        "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            let cmd = site.command
            guard let args = Pip.installArguments(cmd, excludeWrappers: false) else { return nil }
            if cmd.hasFlag("c", "constraint") { return nil }
            if cmd.arguments.contains(where: { $0 == "-r" || $0 == "--requirement" || $0 == "." }) { return nil }
            let view = ScriptCommand(name: cmd.name, arguments: args)
            let unpinned = view.operands(droppingValuesOf: Pip.valueFlags).filter { !Pip.isPinned($0) }
            guard !unpinned.isEmpty else { return nil }
            return site.unpinned(unpinned) { p in
                "look up the version to pin with `pip index versions \(p)` (or `pip show \(p)` where it is installed), then write `\(p)==VERSION`"
            }
        }
    }
}

/// DL3042: pip install --no-cache-dir.
struct PipNoCacheRule: Rule {
    static let description = describe(
        "DL3042", "pip-no-cache-dir", .packageManagers, .warning,
        message: "Use `pip install --no-cache-dir` so pip's download cache stays out of the image",
        rationale: "pip keeps every downloaded wheel in ~/.cache/pip; in an image that is pure waste.",
        fix: "Add `--no-cache-dir`, or set `ENV PIP_NO_CACHE_DIR=1`.",
        triggering: ["FROM python:3.12\n↓RUN pip install flask==3.0.3\n"],
        nonTriggering: ["FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3\n",
                        "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.3\n"])

    static let truthy: Set<String> = ["1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES"]

    func check(_ c: LintContext) -> [Violation] {
        // Stages where ENV PIP_NO_CACHE_DIR is set to a true value (before each RUN).
        var out: [Violation] = []
        var envOn = Array(repeating: false, count: c.stages.count)
        for (k, item) in c.items.enumerated() {
            if item.name == "env", item.stage >= 0 {
                for p in item.pairs where p.key == "PIP_NO_CACHE_DIR" {
                    envOn[item.stage] = PipNoCacheRule.truthy.contains(Quotes.unquote(p.value))
                }
            }
            guard item.name == "run" else { continue }
            let script = c.scripts[k]
            let offending = script.commands.filter { cmd in
                Pip.installArguments(cmd, excludeWrappers: true) != nil && !cmd.hasArgument("--no-cache-dir")
            }
            guard !offending.isEmpty else { continue }
            if item.stage >= 0, envOn[item.stage] || c.ancestors(of: item.stage).contains(where: { envOn[$0] }) { continue }
            let text = item.commandText
            if let r = text.range(of: "PIP_NO_CACHE_DIR=") {
                let value = text[r.upperBound...].prefix { !$0.isWhitespace && $0 != ";" && $0 != "&" }
                if PipNoCacheRule.truthy.contains(Quotes.unquote(String(value))) { continue }
            }
            if c.hasCacheMount(item, containing: ".cache/pip") { continue }
            let sites = offending.map { CommandSite(item: item, command: $0, origin: c.scriptOrigins[k]) }
            let edits = sites.compactMap { $0.insertion("--no-cache-dir", after: "install") }
            out.append(Violation(line: item.line, span: sites[0].span(ofArgument: "install") ?? sites[0].span ?? item.span,
                                 suggestion: edits.count == sites.count ? Suggestion("add `--no-cache-dir`", edits: edits, .safe)
                                                                        : .advice("add `--no-cache-dir` after `install`")))
        }
        return out
    }
}
