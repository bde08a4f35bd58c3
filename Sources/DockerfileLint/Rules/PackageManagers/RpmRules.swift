/// The rpm pinning test shared by yum (DL3033) and dnf (DL3041).
enum RpmPin {
    static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.~^_:+")

    static func isPinned(_ p: String, variables: Set<String>) -> Bool {
        guard p.contains("-") else { return false }
        if p.hasSuffix(".rpm") { return true }
        if p.contains("$") { return variables.contains { UTF8Search.contains(p, "${\($0)}") } }
        let parts = p.split(separator: "-", omittingEmptySubsequences: false).dropFirst()
        guard parts.allSatisfy({ $0.allSatisfy { allowed.contains($0) } }) else { return false }
        return parts.contains { $0.first?.isNumber == true }
    }

    /// Names usable as `${V}` at each item: ENV of the stage and its ancestors, ARGs declared
    /// earlier anywhere in the file.
    static func variables(_ c: LintContext) -> [Set<String>] {
        var out: [Set<String>] = []
        var args = Set<String>()
        var envByStage = Array(repeating: Set<String>(), count: c.stages.count)
        for item in c.items {
            if item.name == "arg" {
                for a in item.arguments { args.insert(String(a.prefix { $0 != "=" })) }
            } else if item.name == "env", item.stage >= 0 {
                for p in item.pairs { envByStage[item.stage].insert(p.key) }
            }
            var vars = args
            if item.stage >= 0 {
                vars.formUnion(envByStage[item.stage])
                for a in c.ancestors(of: item.stage) { vars.formUnion(envByStage[a]) }
            }
            out.append(vars)
        }
        return out
    }

    /// Where the unpinned package is, and how to find its version.
    static func advice(_ site: CommandSite, tool: String) -> Report {
        let packages = site.command.operands.filter { !["install", "module"].contains($0) && !$0.contains("-") }
        return site.unpinned(packages.isEmpty ? site.command.operands.filter { $0 != "install" } : packages) { p in
            "look up the version to pin with `\(tool) list --showduplicates \(p)` in the base image, then write `\(p)-VERSION`"
        }
    }

    /// `-y` after the install subcommand.
    static func assumeYes(_ site: CommandSite) -> Report {
        let sub = site.command.arguments.first { ["install", "groupinstall", "localinstall"].contains($0) } ?? "install"
        let edit = site.insertion("-y", after: sub)
        return Report(span: site.span(ofArgument: sub) ?? site.span,
                      suggestion: edit.map { Suggestion("add `-y`", edits: [$0], .safe) } ?? .advice("add `-y`"))
    }

    static func unpinned(_ cmd: ScriptCommand, subcommands: Set<String>, variables: Set<String>, skipGroup: Bool) -> Bool {
        if cmd.hasArgument("module") {
            return cmd.operands.contains { !subcommands.contains($0) && $0 != "module" && !$0.contains(":") }
        }
        if skipGroup && cmd.hasArgument("group") { return false }
        return cmd.operands.contains { !subcommands.contains($0) && !isPinned($0, variables: variables) }
    }
}

struct YumYesRule: Rule {
    static let description = describe(
        "DL3030", "yum-assume-yes", .packageManagers, .warning,
        message: "Use `yum install -y` so the build never waits for an answer",
        rationale: "Without -y yum asks for confirmation and the non-interactive build aborts.",
        fix: "Add `-y`.",
        triggering: ["FROM centos:7\n↓RUN yum install httpd-2.4.6 && yum clean all\n"],
        nonTriggering: ["FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            guard site.command.isCall("yum", with: ["install", "groupinstall", "localinstall"]), !site.command.hasFlag("y", "assumeyes") else { return nil }
            return RpmPin.assumeYes(site)
        }
    }
}

struct YumCleanRule: Rule {
    static let description = describe(
        "DL3032", "yum-clean", .packageManagers, .warning,
        message: "Run `yum clean all` after `yum install` in the same RUN",
        rationale: "yum's metadata and package cache stay in the layer otherwise.",
        fix: "Append `&& yum clean all` (and `rm -rf /var/cache/yum`).",
        triggering: ["FROM centos:7\n↓RUN yum install -y httpd-2.4.6\n"],
        nonTriggering: ["FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportRuns(onbuild: true) { run in
            let cmds = run.commands
            guard let first = cmds.firstIndex(where: { $0.isCall("yum", with: ["install"]) }) else { return nil }
            let cleaned = cmds[(first + 1)...].contains { cmd in
                (cmd.name == "yum" && cmd.hasArgument("clean", "all"))
                    || (cmd.name == "rm" && cmd.hasArgument("-rf", "/var/cache/yum/*"))
            }
            return cleaned ? nil : run.cleanup("yum clean all", tool: "yum", in: c, at: run.site(cmds[first]).span)
        }
    }
}

struct YumPinRule: Rule {
    static let description = describe(
        "DL3033", "pin-yum-versions", .packageManagers, .warning,
        message: "Pin versions in yum install (`yum install -y httpd-2.4.6`)",
        rationale: "Unpinned packages drift between builds.",
        fix: "Name the version: `package-1.2.3`.",
        triggering: ["FROM centos:7\n↓RUN yum install -y httpd && yum clean all\n"],
        nonTriggering: ["FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n"])

    func check(_ c: LintContext) -> [Violation] {
        guard c.scripts.contains(where: { $0.has("yum") }) else { return [] }
        let vars = RpmPin.variables(c)
        return c.report(["run"], onbuild: true) { k, item in
            let bad = c.scripts[k].commands.first { cmd in
                cmd.isCall("yum", with: ["install"])
                    && RpmPin.unpinned(cmd, subcommands: ["install"], variables: vars[k], skipGroup: false)
            }
            return bad.map { RpmPin.advice(CommandSite(item: item, command: $0, origin: c.scriptOrigins[k]), tool: "yum") }
        }
    }
}

struct DnfYesRule: Rule {
    static let description = describe(
        "DL3038", "dnf-assume-yes", .packageManagers, .warning,
        message: "Use `dnf install -y` so the build never waits for an answer",
        rationale: "Without -y dnf asks for confirmation and the non-interactive build aborts.",
        fix: "Add `-y`.",
        triggering: ["FROM fedora:40\n↓RUN dnf install httpd-2.4.62 && dnf clean all\n"],
        nonTriggering: ["FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            let cmd = site.command
            guard (cmd.name == "dnf" || cmd.name == "microdnf") && cmd.hasArgument("install", "groupinstall", "localinstall")
                && !cmd.hasFlag("y", "assumeyes") else { return nil }
            return RpmPin.assumeYes(site)
        }
    }
}

struct DnfCleanRule: Rule {
    static let description = describe(
        "DL3040", "dnf-clean", .packageManagers, .warning,
        message: "Run `dnf clean all` after `dnf install` in the same RUN",
        rationale: "dnf's metadata and package cache stay in the layer otherwise.",
        fix: "Append `&& dnf clean all`.",
        triggering: ["FROM fedora:40\n↓RUN dnf install -y httpd-2.4.62\n"],
        nonTriggering: ["FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n"])

    static let installs: Set<String> = ["install", "in", "upgrade", "up", "upgrade-minimal", "up-min", "reinstall", "rei"]

    func check(_ c: LintContext) -> [Violation] {
        c.reportRuns(onbuild: true) { run in
            if c.hasCacheMount(run.item, containing: "/var/cache/libdnf5") || c.hasCacheMount(run.item, containing: ".cache/libdnf5") { return nil }
            let cmds = run.commands
            for tool in ["dnf", "microdnf"] {
                guard let first = cmds.firstIndex(where: { $0.isCall(tool, with: DnfCleanRule.installs) }) else { continue }
                // hadolint compares first occurrences: the first clean must follow the first install.
                let clean = cmds.firstIndex { cmd in
                    (cmd.name == tool && cmd.hasArgument("clean", "all"))
                        || (cmd.name == "rm" && (cmd.hasArgument("-rf") || cmd.arguments.contains { $0.hasPrefix("/var/cache/libdnf5") }))
                }
                let cleaned = clean.map { $0 > first } ?? false
                if !cleaned { return run.cleanup("\(tool) clean all", tool: tool, in: c, at: run.site(cmds[first]).span) }
            }
            return nil
        }
    }
}

struct DnfPinRule: Rule {
    static let description = describe(
        "DL3041", "pin-dnf-versions", .packageManagers, .warning,
        message: "Pin versions in dnf install (`dnf install -y httpd-2.4.62`)",
        rationale: "Unpinned packages drift between builds.",
        fix: "Name the version: `package-1.2.3`.",
        triggering: ["FROM fedora:40\n↓RUN dnf install -y httpd && dnf clean all\n"],
        nonTriggering: ["FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n"])

 func check(_ c: LintContext) -> [Violation] {
        guard c.scripts.contains(where: { $0.has("dnf") || $0.has("microdnf") }) else { return [] }
        let vars = RpmPin.variables(c)
        return c.report(["run"], onbuild: true) { k, item in
            let bad = c.scripts[k].commands.first { cmd in
                (cmd.name == "dnf" || cmd.name == "microdnf") && cmd.hasArgument("install")
                    && RpmPin.unpinned(cmd, subcommands: ["install"], variables: vars[k], skipGroup: true)
            }
            return bad.map { RpmPin.advice(CommandSite(item: item, command: $0, origin: c.scriptOrigins[k]), tool: $0.name) }
        }
    }
}

struct ZypperYesRule: Rule {
    static let description = describe(
        "DL3034", "zypper-non-interactive", .packageManagers, .warning,
        message: "Use `zypper -n` (non-interactive) so the build never waits for an answer",
        rationale: "zypper asks for confirmation otherwise, and the build aborts.",
        fix: "Write `zypper -n install …` or add `-y`.",
        triggering: ["FROM opensuse/leap:15.6\n↓RUN zypper install curl=8.0 && zypper clean\n"],
        nonTriggering: ["FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.0 && zypper clean\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            guard site.command.isCall("zypper", with: ["install", "in", "remove", "rm", "source-install", "si", "patch"]),
                  !site.command.hasFlag("n", "non-interactive", "no-confirm", "y") else { return nil }
            // zypper's global options come before the command.
            let edit = site.insertionAfterName("--non-interactive")
            return Report(span: site.span, suggestion: edit.map { Suggestion("add `--non-interactive`", edits: [$0], .safe) } ?? .advice("write `zypper --non-interactive …`"))
        }
    }
}

struct ZypperDistUpgradeRule: Rule {
    static let description = describe(
        "DL3035", "no-zypper-dist-upgrade", .packageManagers, .warning,
        message: "Don't run `zypper dist-upgrade` in a Dockerfile",
        rationale: "A distribution upgrade inside an image belongs in a new base image, not in a layer.",
        fix: "Use a newer base image instead.",
        triggering: ["FROM opensuse/leap:15.6\n↓RUN zypper -n dup\n"],
        nonTriggering: ["FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.0 && zypper clean\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.adviseCommands(onbuild: true) { cmd in
            cmd.isCall("zypper", with: ["dist-upgrade", "dup"])
                ? "remove the dist-upgrade: to get a newer distribution, build FROM a newer tag of the base image (its tags list the releases)" : nil
        }
    }
}

struct ZypperCleanRule: Rule {
    static let description = describe(
        "DL3036", "zypper-clean", .packageManagers, .warning,
        message: "Run `zypper clean` after `zypper install` in the same RUN",
        rationale: "zypper's cache stays in the layer otherwise.",
        fix: "Append `&& zypper clean`.",
        triggering: ["FROM opensuse/leap:15.6\n↓RUN zypper -n install curl=8.0\n"],
        nonTriggering: ["FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.0 && zypper clean\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportRuns(onbuild: true) { run in
            let cmds = run.commands
            guard let install = cmds.firstIndex(where: { $0.isCall("zypper", with: ["install", "in"]) }) else { return nil }
            if c.hasCacheMount(run.item, containing: "/var/cache/zypp") { return nil }
            if let clean = cmds.firstIndex(where: { $0.isCall("zypper", with: ["clean", "cc"]) }), clean > install { return nil }
            return run.cleanup("zypper clean --all", tool: "zypper", in: c, at: run.site(cmds[install]).span)
        }
    }
}

struct ZypperPinRule: Rule {
    static let description = describe(
        "DL3037", "pin-zypper-versions", .packageManagers, .warning,
        message: "Pin versions in zypper install (`zypper install curl=8.0`)",
        rationale: "Unpinned packages drift between builds.",
        fix: "Write `package=version` or `package>=version`.",
        triggering: ["FROM opensuse/leap:15.6\n↓RUN zypper -n install curl && zypper clean\n"],
        nonTriggering: ["FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.0 && zypper clean\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            guard site.command.isCall("zypper", with: ["install", "in"]) else { return nil }
            let unpinned = site.command.operands.filter { p in
                p != "install" && p != "in" && !(p.contains("=") || p.contains("<") || p.contains(">") || p.hasSuffix(".rpm"))
            }
            guard !unpinned.isEmpty else { return nil }
            return site.unpinned(unpinned) { "look up the version to pin with `zypper info \($0)` in the base image, then write `\($0)=VERSION`" }
        }
    }
}
