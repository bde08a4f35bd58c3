/// DL3016: pin npm packages.
struct NpmPinRule: Rule {
    static let description = describe(
        "DL3016", "pin-npm-versions", .packageManagers, .warning,
        message: "Pin versions in npm install (`npm install express@4.19.2`)",
        rationale: "An unpinned global or ad-hoc npm install resolves to the newest release at build time.",
        fix: "Write `package@version`, or rely on package-lock.json with `npm ci`.",
        triggering: ["FROM node:20\n↓RUN npm install -g typescript\n"],
        nonTriggering: ["FROM node:20\nRUN npm install -g typescript@5.5.4\n", "FROM node:20\nRUN npm ci\n",
                        "FROM node:20\nRUN npm install\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            guard site.command.name == "npm" else { return nil }
            let ops = site.command.operands(droppingValuesOf: ["loglevel", "registry"])
            guard ops.first == "install" else { return nil }
            let unpinned = ops.dropFirst().filter { !NpmPinRule.isPinned($0) }
            guard !unpinned.isEmpty else { return nil }
            return site.unpinned(Array(unpinned)) { "look up the version to pin with `npm view \($0) versions`, then write `\($0)@VERSION`" }
        }
    }

    static func isPinned(_ p: String) -> Bool {
        if ["git://", "git+ssh://", "git+http://", "git+https://"].contains(where: { p.hasPrefix($0) }) { return p.contains("#") }
        if p.hasSuffix(".tar") || p.hasSuffix(".tar.gz") || p.hasSuffix(".tgz") { return true }
        if ["/", "./", "../", "~/"].contains(where: { p.hasPrefix($0) }) { return true }
        var name = Substring(p)
        if name.hasPrefix("@") { name = name.dropFirst() }
        return name.contains("@")
    }
}

/// DL3028: pin gem versions.
struct GemPinRule: Rule {
    static let description = describe(
        "DL3028", "pin-gem-versions", .packageManagers, .warning,
        message: "Pin versions in gem install (`gem install rails:7.1.3` or `-v`)",
        rationale: "Unpinned gems resolve to the newest release at build time.",
        fix: "Write `gem install rails -v 7.1.3` or `rails:7.1.3`.",
        triggering: ["FROM ruby:3.3\n↓RUN gem install rails\n"],
        nonTriggering: ["FROM ruby:3.3\nRUN gem install rails:7.1.3\n", "FROM ruby:3.3\nRUN gem install rails -v 7.1.3\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            let cmd = site.command
            guard cmd.isCall("gem", with: ["install", "i"]) else { return nil }
            if cmd.arguments.contains(where: { $0 == "-v" || $0 == "--version" || $0.hasPrefix("--version=") }) { return nil }
            var gems: [String] = []
            var skip = false
            var sawSub = false
            for a in cmd.arguments {
                if a == "--" { break }
                if skip { skip = false; continue }
                if a.hasPrefix("-") { skip = true; continue }
                if !sawSub && (a == "install" || a == "i") { sawSub = true; continue }
                gems.append(a)
            }
            let unpinned = gems.filter { !$0.contains(":") }
            guard !unpinned.isEmpty else { return nil }
            return site.unpinned(unpinned) { "look up the version to pin with `gem list --remote --exact \($0) --all`, then write `\($0):VERSION`" }
        }
    }
}

/// DL3062: pin Go module versions.
struct GoPinRule: Rule {
    static let description = describe(
        "DL3062", "pin-go-versions", .packageManagers, .warning,
        message: "Pin the module version in go install/get/run (`pkg@v1.2.3`)",
        rationale: "`@latest` or no version installs whatever was tagged last, so builds drift.",
        fix: "Append `@vX.Y.Z` to the module path.",
        triggering: ["FROM golang:1.22\n↓RUN go install golang.org/x/tools/gopls@latest\n"],
        nonTriggering: ["FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@v0.16.1\n", "FROM golang:1.22\nRUN go install .\n"])

    static func isPinned(_ p: String) -> Bool {
        if p == "." || p.hasPrefix("/") || p.hasPrefix(".") { return true }
        return p.contains("@") && !p.hasSuffix("@latest") && !p.hasSuffix("@none")
    }

    func check(_ c: LintContext) -> [Violation] {
        c.reportRuns(onbuild: true) { run in
            let cmds = run.script.commands.filter { $0.name == "go" }
            let runs = cmds.filter { $0.hasArgument("run") }
            let unpinned: String?
            if !runs.isEmpty {
                unpinned = runs.lazy.compactMap { cmd -> String? in
                    let ops = cmd.operands
                    return ops.count > 1 && !GoPinRule.isPinned(ops[1]) ? ops[1] : nil
                }.first
            } else {
                unpinned = cmds.filter { $0.hasArgument("install", "get") }.lazy.compactMap { cmd in
                    cmd.operands.first { !["install", "get", "tool"].contains($0) && !GoPinRule.isPinned($0) }
                }.first
            }
            guard let module = unpinned else { return nil }
            let path = String(module.prefix { $0 != "@" })
            // The version cannot be known here: say where to look it up.
            return .line(advice: "pin `\(path)` to the version you tested, `\(path)@vX.Y.Z`: `go list -m -versions MODULE` lists the tags of its module (`\(path)` or the module it is in)")
        }
    }
}

/// DL3060: yarn cache clean after yarn install.
struct YarnCacheRule: Rule {
    static let description = describe(
        "DL3060", "yarn-cache-clean", .packageManagers, .info,
        message: "Run `yarn cache clean` after `yarn install` in the same RUN",
        rationale: "Yarn's cache holds a copy of every package; in the image it is dead weight.",
        fix: "Append `&& yarn cache clean` to the RUN.",
        triggering: ["FROM node:20\n↓RUN yarn install --frozen-lockfile\n"],
        nonTriggering: ["FROM node:20\nRUN yarn install --frozen-lockfile && yarn cache clean\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportRuns(onbuild: true) { run in
            let cmds = run.script.commands
            guard let install = cmds.firstIndex(where: { $0.isCall("yarn", with: ["install"]) }) else { return nil }
            if c.hasCacheMount(run.item, containing: ".cache/yarn") { return nil }
            guard c.isBuiltOn(stage: run.item.stage) else { return nil }
            if let clean = cmds.firstIndex(where: { $0.isCall("yarn", with: ["cache", "clean"]) }), clean > install { return nil }
            return .line(advice: "end this RUN with `&& yarn cache clean` so the cache is not kept in the layer (or give yarn a cache mount: `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn`)")
        }
    }
}
