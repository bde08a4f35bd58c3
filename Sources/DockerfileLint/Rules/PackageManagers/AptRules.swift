private let install: Set<String> = ["install"]

/// DL3008: pin apt-get packages.
struct AptPinRule: Rule {
    static let description = describe(
        "DL3008", "pin-apt-versions", .packageManagers, .warning,
        message: "Pin versions in apt-get install (`apt-get install pkg=1.2.3`)",
        rationale: "Unpinned packages change under you: the same Dockerfile installs different versions on different days.",
        fix: "Pin each package to the version you tested: `apt-cache policy PACKAGE` in the base image shows the candidates (or pin the base image digest and accept its package set).",
        triggering: ["FROM debian:12\n↓RUN apt-get update && apt-get install -y --no-install-recommends curl\n"],
        nonTriggering: ["FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10\n",
                        "FROM debian:12\nRUN apt-get install -y ./local.deb\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { cmd in
            guard cmd.command.isCall("apt-get", with: install) else { return nil }
            let unpinned = cmd.command.operands(droppingValuesOf: ["t", "target-release"]).filter { p in
                p != "install" && !(p.contains("=") || p.contains("/") || p.hasSuffix(".deb"))
            }
            guard !unpinned.isEmpty else { return nil }
            return cmd.unpinned(unpinned) { p in
                "look up the version to pin with `apt-cache policy \(p)` in the base image (`docker run --rm IMAGE sh -c 'apt-get update && apt-cache policy \(p)'`), then write `\(p)=VERSION`"
            }
        }
    }
}

/// DL3009: remove apt lists in the layer that downloaded them.
struct AptListsCleanupRule: Rule {
    static let description = describe(
        "DL3009", "apt-lists-cleanup", .packageManagers, .info,
        message: "Delete /var/lib/apt/lists/* in the same RUN as apt-get update",
        rationale: "The package lists are tens of MB; left in the layer they ship in every image built from it.",
        fix: "End the RUN with `&& rm -rf /var/lib/apt/lists/*`.",
        triggering: ["FROM debian:12\n↓RUN apt-get update && apt-get install -y curl\n"],
        nonTriggering: ["FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
                        "FROM debian:12 AS build\nRUN apt-get update\nFROM debian:12\nCOPY --from=build /a /a\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportRuns(onbuild: true) { run in
            let s = run.script
            guard let update = s.commands.first(where: { ["apt-get", "apt", "aptitude"].contains($0.name) && $0.hasArgument("update") }) else { return nil }
            if s.commands.contains(where: { $0.name == "rm" && ($0.hasArgument("-rf") || $0.hasArgument("/var/lib/apt/lists/*")) }) { return nil }
            if c.hasCacheMount(run.item, containing: "/var/lib/apt/lists") { return nil }
            if c.hasCacheMount(run.item, containing: "/var/lib/apt") && c.hasCacheMount(run.item, containing: "/var/cache/apt") { return nil }
            guard c.isBuiltOn(stage: run.item.stage) else { return nil }
            // Safe when nothing later in the file installs with apt again, expecting the lists.
            return run.cleanup("rm -rf /var/lib/apt/lists/*", tool: "apt", in: c, at: run.site(update).span)
        }
    }
}

/// DL3014: apt-get install must not wait for a prompt.
struct AptYesRule: Rule {
    static let description = describe(
        "DL3014", "apt-assume-yes", .packageManagers, .warning,
        message: "Use `apt-get install -y` so the build never waits for an answer",
        rationale: "Without -y, apt-get asks for confirmation and the non-interactive build aborts.",
        fix: "Add `-y` to apt-get install.",
        triggering: ["FROM debian:12\n↓RUN apt-get install --no-install-recommends curl=7.88\n"],
        nonTriggering: ["FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88\n",
                        "FROM debian:12\nRUN apt-get -qq install --no-install-recommends curl=7.88\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            let cmd = site.command
            guard cmd.isCall("apt-get", with: install) else { return nil }
            if cmd.hasFlag("y", "yes", "assume-yes", "qq") { return nil }
            if cmd.countFlag("q") == 2 || cmd.countFlag("quiet") == 2 || cmd.hasArgument("-q=2") { return nil }
            return Report(span: site.span(ofArgument: "install"),
                          suggestion: Suggestion("add `-y`", edits: site.insertion("-y", after: "install").map { [$0] } ?? [], .safe))
        }
    }
}

/// DL3015: --no-install-recommends.
struct AptNoRecommendsRule: Rule {
    static let description = describe(
        "DL3015", "apt-no-recommends", .packageManagers, .info,
        message: "Add --no-install-recommends to apt-get install",
        rationale: "Recommended packages are not needed to run the software and often double the image size.",
        fix: "Write `apt-get install -y --no-install-recommends …`.",
        triggering: ["FROM debian:12\n↓RUN apt-get install -y curl=7.88\n"],
        nonTriggering: ["FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88\n",
                        "FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=false curl=7.88\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            let cmd = site.command
            guard cmd.isCall("apt-get", with: install), !cmd.hasFlag("no-install-recommends"),
                  !cmd.hasArgument("APT::Install-Recommends=false") else { return nil }
            return Report(span: site.span(ofArgument: "install"),
                          suggestion: Suggestion("add `--no-install-recommends`",
                                                 edits: site.insertion("--no-install-recommends", after: "install").map { [$0] } ?? [], .safe))
        }
    }
}

/// DL3027: `apt` is for people, `apt-get` for scripts.
struct AptCommandRule: Rule {
    static let description = describe(
        "DL3027", "no-apt", .packageManagers, .warning,
        message: "Use apt-get or apt-cache in scripts, not apt",
        rationale: "apt's command-line interface is not stable for scripts and warns about it on every call.",
        fix: "Replace `apt` with `apt-get` (or `apt-cache` for search/show).",
        triggering: ["FROM debian:12\n↓RUN apt install -y curl\n"],
        nonTriggering: ["FROM debian:12\nRUN apt-get install -y curl\n"])

    /// Subcommands that mean the same to apt-get (apt's `upgrade` also installs new
    /// dependencies, `search`/`show`/`list` belong to apt-cache or have none).
    static let sameInAptGet: Set<String> = ["install", "update", "remove", "purge", "autoremove", "clean"]

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            guard site.command.name == "apt" else { return nil }
            let name = site.span(site.command.wordRanges.first)
            let sub = site.command.operands.first ?? ""
            guard let name, AptCommandRule.sameInAptGet.contains(sub) else {
                return Report(span: name ?? site.span, suggestion: .advice("use `apt-get \(sub)` or `apt-cache \(sub)`, whichever has the subcommand"))
            }
            return Report(span: name, suggestion: Suggestion("write `apt-get`", edits: [TextEdit(name, "apt-get")], .safe))
        }
    }
}
