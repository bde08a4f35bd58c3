/// DL3018: pin apk packages.
struct ApkPinRule: Rule {
    static let description = describe(
        "DL3018", "pin-apk-versions", .packageManagers, .warning,
        message: "Pin versions in apk add (`apk add pkg=1.2.3-r0`)",
        rationale: "Unpinned packages change under you: rebuilding gives different versions.",
        fix: "Write `curl=8.9.1-r0` (or `curl~8.9`).",
        triggering: ["FROM alpine:3.20\n↓RUN apk add --no-cache curl\n"],
        nonTriggering: ["FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n",
                        "FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps gcc~13\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            guard site.command.isCall("apk", with: ["add"]) else { return nil }
            let unpinned = site.command.operands(droppingValuesOf: ["t", "virtual", "repository", "X"]).filter { p in
                p != "add" && !(p.contains("=") || p.contains("~") || p.contains(">") || p.contains("<") || p.hasSuffix(".apk"))
            }
            guard !unpinned.isEmpty else { return nil }
            return site.unpinned(unpinned) { p in
                "look up the version to pin with `apk policy \(p)` in the base image (`docker run --rm IMAGE sh -c 'apk update && apk policy \(p)'`), then write `\(p)=VERSION`"
            }
        }
    }
}

/// DL3019: apk add --no-cache.
struct ApkNoCacheRule: Rule {
    static let description = describe(
        "DL3019", "apk-no-cache", .packageManagers, .info,
        message: "Use `apk add --no-cache` instead of keeping the index in the image",
        rationale: "--no-cache fetches the index on the fly and leaves nothing behind, so no cleanup step is needed.",
        fix: "Write `apk add --no-cache …`.",
        triggering: ["FROM alpine:3.20\n↓RUN apk add curl=8.9.1-r0\n"],
        nonTriggering: ["FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n",
                        "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl=8.9.1-r0\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportRuns(onbuild: true) { run in
            let adds = run.commands.filter { $0.isCall("apk", with: ["add"]) && !$0.hasFlag("no-cache") }
            guard !adds.isEmpty, !c.hasCacheMount(run.item, containing: "/var/cache/apk") else { return nil }
            let sites = adds.map(run.site)
            let edits = sites.compactMap { $0.insertion("--no-cache", after: "add") }
            return Report(span: sites[0].span(ofArgument: "add"),
                          suggestion: edits.count == sites.count ? Suggestion("add `--no-cache`", edits: edits, .safe) : .advice("add `--no-cache` after `add`"))
        }
    }
}
