/// DL3024: stage aliases must be unique.
struct DuplicateAliasRule: Rule {
    static let description = describe(
        "DL3024", "unique-stage-alias", .stages, .error,
        message: "This stage name is already used by an earlier FROM",
        rationale: "References to a duplicated name resolve to only one of the stages, which is rarely what was meant.",
        fix: "Give each stage its own name after AS.",
        triggering: ["FROM node:20 AS build\n↓FROM node:20 AS build\n"],
        nonTriggering: ["FROM node:20 AS build\nFROM nginx:1.27 AS run\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportStages { s, from in
            guard let a = s.alias, let first = c.stages[..<s.index].first(where: { $0.alias == a }) else { return nil }
            return Report(span: c.spanOfWord(a, after: s.imageText, in: from), suggestion: .advice(Self.advice(a, earlier: first)))
        }
    }

    /// What to do about a name an earlier stage has (DuplicateStageName says the same).
    static func advice(_ alias: String, earlier: StageInfo) -> String {
        let named = earlier.alias ?? alias
        return "the stage on line \(earlier.line) is already named `\(named)`\(named == alias ? "" : " (names ignore case)"): give this one another name, and change the `--from=\(alias)` and FROM lines meant for it"
    }
}

/// DL3063: `scratch` and `context` are reserved stage names.
struct ReservedAliasRule: Rule {
    static let description = describe(
        "DL3063", "reserved-stage-alias", .stages, .warning,
        message: "`scratch` and `context` are reserved words; name the stage something else",
        rationale: "`FROM scratch` and `--from=context` already mean something; a stage with that name is confusing at best.",
        fix: "Rename the stage (`AS base`).",
        triggering: ["↓FROM alpine:3.20 AS scratch\n"],
        nonTriggering: ["FROM alpine:3.20 AS base\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportStages { s, from in
            guard let a = s.alias, a == "scratch" || a == "context" else { return nil }
            return Report(span: c.spanOfWord(a, after: s.imageText, in: from), suggestion: .advice(Self.advice(a)))
        }
    }

    /// What to do about a stage named `scratch` or `context`, in any case (ReservedStageName
    /// says the same).
    static func advice(_ alias: String) -> String {
        "`\(alias)` already means \(alias.lowercased() == "scratch" ? "the empty image" : "the build context"): name the stage for what it does, and change the `--from=\(alias)` lines meant for it"
    }
}

/// DL3023: COPY --from cannot name its own stage.
struct CopyFromSelfRule: Rule {
    static let description = describe(
        "DL3023", "copy-from-self", .stages, .error,
        message: "COPY --from names the stage it is in",
        rationale: "A stage cannot copy from itself: it does not exist yet while it is being built.",
        fix: "Point --from at an earlier stage.",
        triggering: ["FROM alpine:3.20 AS build\n↓COPY --from=build /a /b\n"],
        nonTriggering: ["FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=build /a /b\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.report(["copy"]) { item in
            guard item.stage >= 0, let from = item.flag("from"), let alias = c.stages[item.stage].alias,
                  from == alias else { return nil }
            return Report(span: item.span(ofFlag: "from"), suggestion: .advice(
                "`--from=\(from)` names the stage this COPY is in: name the earlier stage that has the files, or drop `--from` to copy from the build context"))
        }
    }
}

/// DL3022: COPY --from should name an earlier stage.
struct CopyFromUnknownStageRule: Rule {
    static let description = describe(
        "DL3022", "copy-from-known-stage", .stages, .warning,
        message: "COPY --from should name a previously defined stage (FROM … AS name)",
        rationale: "A name that is not an earlier stage is pulled as an image from a registry, which is usually a typo.",
        fix: "Define the stage before it is used, or give an image reference with a tag.",
        triggering: ["FROM alpine:3.20\n↓COPY --from=builder /a /b\n"],
        nonTriggering: ["FROM alpine:3.20 AS builder\nFROM alpine:3.20\nCOPY --from=builder /a /b\n",
                        "FROM alpine:3.20\nCOPY --from=0 /a /b\n", "FROM alpine:3.20\nCOPY --from=nginx:1.27 /a /b\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.report(["copy"]) { k, item in
            guard let from = item.flag("from"), !from.contains(":") else { return nil }
            let aliases = c.aliases(before: k)
            if aliases.contains(from) { return nil }
            if let n = Int(from), n >= 0, n < c.fromCount(upTo: k) { return nil }
            let known = aliases.sorted()
            let stages = known.isEmpty ? "no earlier stage has an AS name" : "the earlier stages are \(known.map { "`\($0)`" }.joined(separator: ", "))"
            return Report(span: item.span(ofFlag: "from"), suggestion: .advice(
                "no earlier stage is named `\(from)` (\(stages)), so `\(from)` is pulled as an image: check the spelling, or if you mean an image, write it with its tag"))
        }
    }
}

/// DL3061: a Dockerfile starts with FROM (ARG may come first).
struct InstructionBeforeFromRule: Rule {
    static let description = describe(
        "DL3061", "from-first", .stages, .error,
        message: "Only ARG may come before the first FROM",
        rationale: "Every instruction other than ARG needs a stage to belong to; before FROM there is none.",
        fix: "Move the instruction below FROM.",
        triggering: ["↓LABEL a=b\nFROM alpine:3.20\n"],
        nonTriggering: ["ARG V=3.20\nFROM alpine:$V\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.report { item in
            item.stage < 0 && item.name != "arg" && item.name != "from"
                ? Report(span: item.keywordSpan, suggestion: .advice("move this \(item.node.keyword) below the first FROM (only ARG may come before it)")) : nil
        }
    }
}

/// DL3012, DL4003, DL4004: one HEALTHCHECK / CMD / ENTRYPOINT per stage.
struct MultipleHealthcheckRule: Rule {
    static let description = describe(
        "DL3012", "single-healthcheck", .stages, .error,
        message: "A stage may have only one HEALTHCHECK",
        rationale: "Only the last HEALTHCHECK takes effect; the earlier ones are dead code that misleads readers.",
        fix: "Keep one HEALTHCHECK per stage.",
        triggering: ["FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/\n↓HEALTHCHECK NONE\n"],
        nonTriggering: ["FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/\n"])

    func check(_ c: LintContext) -> [Violation] { repeated(c, "healthcheck") }
}

struct MultipleCmdRule: Rule {
    static let description = describe(
        "DL4003", "single-cmd", .stages, .warning,
        message: "Several CMD instructions in one stage: only the last one counts",
        rationale: "Docker keeps only the final CMD; the others are misleading leftovers.",
        fix: "Delete all but one CMD.",
        triggering: ["FROM alpine:3.20\nCMD [\"a\"]\n↓CMD [\"b\"]\n"],
        nonTriggering: ["FROM alpine:3.20\nCMD [\"a\"]\nFROM alpine:3.20\nCMD [\"b\"]\n"])

    func check(_ c: LintContext) -> [Violation] { repeated(c, "cmd") }
}

struct MultipleEntrypointRule: Rule {
    static let description = describe(
        "DL4004", "single-entrypoint", .stages, .error,
        message: "Several ENTRYPOINT instructions in one stage: only the last one counts",
        rationale: "Docker keeps only the final ENTRYPOINT; the others are misleading leftovers.",
        fix: "Delete all but one ENTRYPOINT.",
        triggering: ["FROM alpine:3.20\nENTRYPOINT [\"a\"]\n↓ENTRYPOINT [\"b\"]\n"],
        nonTriggering: ["FROM alpine:3.20\nENTRYPOINT [\"a\"]\n"])

    func check(_ c: LintContext) -> [Violation] { repeated(c, "entrypoint") }
}

/// The second and later top-level `name` in each stage.
private func repeated(_ c: LintContext, _ name: String) -> [Violation] {
    var seen = Set<Int>()
    let out = c.report([name]) { item in
        seen.insert(item.stage).inserted ? nil
            : Report(span: item.keywordSpan, suggestion: .advice("only the stage's last \(item.node.keyword.uppercased()) counts: keep the one you mean and delete the others"))
    }
    return out
}

/// DL3057: a stage without HEALTHCHECK (hidden by default).
struct MissingHealthcheckRule: Rule {
    static let description = describe(
        "DL3057", "stage-healthcheck", .stages, .ignore,
        message: "This stage has no HEALTHCHECK",
        rationale: "Without a HEALTHCHECK, Docker and orchestrators only know whether the process is alive, not whether it works.",
        fix: "Add `HEALTHCHECK CMD …` that probes the service (or `HEALTHCHECK NONE` to say it is deliberate).",
        triggering: [RuleExample("↓FROM nginx:1.27\n", config: { var c = LintConfiguration(); c.overrides["DL3057"] = .info; return c }())],
        nonTriggering: [RuleExample("FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/\n", config: { var c = LintConfiguration(); c.overrides["DL3057"] = .info; return c }())])

    func check(_ c: LintContext) -> [Violation] {
        var has = Array(repeating: false, count: c.stages.count)
        for item in c.items where item.name == "healthcheck" && !item.isOnbuild && item.stage >= 0 { has[item.stage] = true }
        // A stage is covered by its own HEALTHCHECK, an ancestor's, or a later stage's built on it.
        return c.adviseStageLines { s in
            guard !has[s.index] && !c.ancestors(of: s.index).contains(where: { has[$0] })
                && !c.stages.contains(where: { d in d.index > s.index && has[d.index] && c.ancestors(of: d.index).contains(s.index) }) else { return nil }
            // How to probe depends on the service: say what it must do, not which command.
            return "add a HEALTHCHECK to this stage that asks the running service whether it answers (a command that exits non-zero when it does not), or `HEALTHCHECK NONE` if it has nothing to probe"
        }
    }
}
