import DockerfileSyntax

/// BuildKit's checks of stage names (`FROM … AS name`).
struct StageNameCasingRule: Rule {
    static let description = BuildKitRules.bk(
        "StageNameCasing", "stage-name-casing",
        message: "Stage names should be lowercase",
        rationale: "BuildKit lower-cases stage names anyway; a mixed-case name suggests a distinction that does not exist.",
        fix: "Write the stage name in lowercase (`AS builder`).",
        triggering: ["↓FROM alpine:3.20 AS BuilderBase\n"], nonTriggering: ["FROM alpine:3.20 AS builder-base\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.adviseStageLines { s in
            guard let alias = s.alias, alias != alias.lowercased() else { return nil }
            return "name the stage `\(alias.lowercased())` and write every `--from=` and FROM that refers to it the same way"
        }
    }
}

struct DuplicateStageNameRule: Rule {
    static let description = BuildKitRules.bk(
        "DuplicateStageName", "duplicate-stage-name",
        message: "Stage names should be unique",
        rationale: "With two stages of one name, references resolve to the later one and the earlier is unreachable by name.",
        fix: "Rename one of the stages.",
        triggering: ["FROM alpine:3.20 AS build\n↓FROM alpine:3.20 AS Build\n"], nonTriggering: ["FROM alpine:3.20 AS build\nFROM alpine:3.20 AS test\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.adviseStageLines { s in
            guard let alias = s.alias, let earlier = c.stages(before: s.index, named: alias).first else { return nil }
            return DuplicateAliasRule.advice(alias, earlier: earlier)
        }
    }
}

struct ReservedStageNameRule: Rule {
    static let description = BuildKitRules.bk(
        "ReservedStageName", "reserved-stage-name",
        message: "`scratch` and `context` are reserved and cannot be stage names",
        rationale: "`scratch` is the empty image and `context` the build context; a stage of that name is shadowed or shadows them.",
        fix: "Choose another stage name.",
        triggering: ["↓FROM alpine:3.20 AS Scratch\n"], nonTriggering: ["FROM alpine:3.20 AS base\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.adviseStageLines { s in
            guard let alias = s.alias, ["scratch", "context"].contains(alias.lowercased()) else { return nil }
            return ReservedAliasRule.advice(alias)
        }
    }
}
