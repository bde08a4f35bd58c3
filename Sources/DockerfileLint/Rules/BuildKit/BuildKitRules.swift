import DockerfileSyntax

/// BuildKit's own checks (`docker build --check`), under their BuildKit names. The two that
/// need more than the Dockerfile have their inputs handed in and are silent without them:
/// CopyIgnoredFile reads the build context's `.dockerignore`, InvalidBaseImagePlatform the
/// base images' platforms (`LintConfiguration.basePlatforms`).
enum BuildKitRules {
    static let all: [any Rule.Type] = [
        StageNameCasingRule.self, FromAsCasingRule.self, NoEmptyContinuationRule.self,
        ConsistentInstructionCasingRule.self, DuplicateStageNameRule.self, ReservedStageNameRule.self,
        JSONArgsRecommendedRule.self, MaintainerDeprecatedRule.self, UndefinedArgInFromRule.self,
        WorkdirRelativePathRule.self, UndefinedVarRule.self, MultipleInstructionsDisallowedRule.self,
        LegacyKeyValueFormatRule.self, RedundantTargetPlatformRule.self, SecretsUsedInArgOrEnvRule.self,
        InvalidDefaultArgInFromRule.self, FromPlatformFlagConstDisallowedRule.self,
        InvalidDefinitionDescriptionRule.self, ExposeProtoCasingRule.self, ExposeInvalidFormatRule.self,
        CopyIgnoredFileRule.self, InvalidBaseImagePlatformRule.self,
    ]

    static let platformArgs: Set<String> = [
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
    ]

    /// Names of the variables `$X` / `${X…}` in a text (escaped `\$` skipped).
    static func variables(in text: String) -> [String] {
        var out: [String] = []
        let s = Array(text.unicodeScalars)
        var i = 0
        while i < s.count {
            if s[i] == "\\" { i += 2; continue }
            guard s[i] == "$", i + 1 < s.count else { i += 1; continue }
            var j = i + 1
            let braced = s[j] == "{"
            if braced { j += 1 }
            var name = String.UnicodeScalarView()
            while j < s.count, s[j] == "_" || s[j].properties.isAlphabetic || (s[j] >= "0" && s[j] <= "9"), s[j].isASCII {
                name.append(s[j]); j += 1
            }
            if !name.isEmpty, !(name.first! >= "0" && name.first! <= "9") { out.append(String(name)) }
            i = j
        }
        return out
    }

    /// Global ARGs (declared before the first FROM) with their defaults.
    static func globalArgs(_ c: LintContext) -> [String: String?] {
        var out: [String: String?] = [:]
        for item in c.items where item.stage < 0 && item.name == "arg" {
            for a in item.arguments {
                if let eq = a.firstIndex(of: "=") {
                    out[String(a[..<eq])] = .some(Quotes.unquote(String(a[a.index(after: eq)...])))
                } else {
                    out[a] = .some(nil)
                }
            }
        }
        return out
    }

    static func bk(_ name: String, _ slug: String, message: String, rationale: String, fix: String,
                   triggering: [RuleExample], nonTriggering: [RuleExample], optIn: Bool = false) -> RuleDescription {
        var d = describe(name, slug, .buildkit, .warning, message: message, rationale: rationale, fix: fix,
                         triggering: triggering, nonTriggering: nonTriggering, optIn: optIn)
        d.url = "https://docs.docker.com/go/dockerfile/rule/\(slug)/"
        return d
    }
}

struct StageNameCasingRule: Rule {
    static let description = BuildKitRules.bk(
        "StageNameCasing", "stage-name-casing",
        message: "Stage names should be lowercase",
        rationale: "BuildKit lower-cases stage names anyway; a mixed-case name suggests a distinction that does not exist.",
        fix: "Write the stage name in lowercase (`AS builder`).",
        triggering: ["↓FROM alpine:3.20 AS BuilderBase\n"], nonTriggering: ["FROM alpine:3.20 AS builder-base\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.stages.compactMap { s in s.alias.map { $0 != $0.lowercased() } == true ? Violation(line: s.line) : nil }
    }
}

struct FromAsCasingRule: Rule {
    static let description = BuildKitRules.bk(
        "FromAsCasing", "from-as-casing",
        message: "The `AS` keyword should match the case of `FROM`",
        rationale: "Mixed keyword casing on one line reads as a mistake.",
        fix: "Write `FROM … AS name` or `from … as name`.",
        triggering: ["↓FROM debian:12 as builder\n"], nonTriggering: ["FROM debian:12 AS builder\n", "from debian:12 as builder\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.report(["from"]) { item in
            guard item.arguments.count >= 3 else { return nil }
            let kw = item.node.keyword, asWord = item.arguments[1]
            let wrong = (kw == kw.uppercased() && asWord != asWord.uppercased()) || (kw == kw.lowercased() && asWord != asWord.lowercased())
            guard wrong else { return nil }
            guard let span = c.spanOfWord(asWord, after: item.arguments[0], in: item) else { return .here }
            let fixed = Rewrites.matchCase("as", like: kw)
            return Report(span: span, suggestion: Suggestion("write `\(fixed)`", edits: [TextEdit(span, fixed)], .safe))
        }
    }
}

struct NoEmptyContinuationRule: Rule {
    static let description = BuildKitRules.bk(
        "NoEmptyContinuation", "no-empty-continuation",
        message: "Empty continuation lines will become errors in a future release",
        rationale: "A blank line inside a continued instruction is easy to misread and is deprecated.",
        fix: "Remove the blank line, or put a comment there.",
        triggering: ["FROM alpine:3.20\nRUN apk add \\\n\n↓    curl\n"], nonTriggering: ["FROM alpine:3.20\nRUN apk add \\\n    curl\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.parsed.warnings.map { Violation(line: $0.range.start.line) }
    }
}

struct ConsistentInstructionCasingRule: Rule {
    static let description = BuildKitRules.bk(
        "ConsistentInstructionCasing", "consistent-instruction-casing",
        message: "Instruction keywords should all use the same case",
        rationale: "Mixing `RUN` and `run` makes a Dockerfile harder to scan.",
        fix: "Write every instruction in uppercase (or every one in lowercase).",
        triggering: ["FROM alpine:3.20\n↓run echo hi\n", "FROM alpine:3.20\n↓Run echo hi\n"],
        nonTriggering: ["FROM alpine:3.20\nRUN echo hi\n", "from alpine:3.20\nrun echo hi\n"])

    func check(_ c: LintContext) -> [Violation] {
        let items = c.items.filter { !$0.isOnbuild && ($0.stage >= 0) }
        var upper = 0, lower = 0
        for item in items {
            let k = item.raw.keyword
            if k == k.uppercased() { upper += 1 } else if k == k.lowercased() { lower += 1 }
        }
        let wantLower = lower > upper
        return items.compactMap { item in
            let k = item.raw.keyword
            let isUpper = k == k.uppercased(), isLower = k == k.lowercased()
            guard (!isUpper && !isLower) || (wantLower ? isUpper : isLower) else { return nil }
            let span = item.raw.range.start
            let keyword = SourceRange(start: span, end: SourcePosition(line: span.line, column: span.column + k.unicodeScalars.count))
            let fixed = wantLower ? k.lowercased() : k.uppercased()
            return Violation(line: item.line, span: keyword,
                             suggestion: Suggestion("write `\(fixed)`", edits: [TextEdit(keyword, fixed)], .safe))
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
        var seen = Set<String>()
        return c.stages.compactMap { s in
            guard let a = s.alias?.lowercased() else { return nil }
            return seen.insert(a).inserted ? nil : Violation(line: s.line)
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
        c.stages.compactMap { s in ["scratch", "context"].contains(s.alias?.lowercased() ?? "") ? Violation(line: s.line) : nil }
    }
}

struct JSONArgsRecommendedRule: Rule {
    static let description = BuildKitRules.bk(
        "JSONArgsRecommended", "json-args-recommended",
        message: "JSON arguments are recommended for CMD and ENTRYPOINT to prevent unintended behaviour with OS signals",
        rationale: "In shell form the program runs under /bin/sh -c and does not receive SIGTERM, so `docker stop` waits for the timeout.",
        fix: "Write `CMD [\"app\", \"--flag\"]`, or set SHELL explicitly if a shell is wanted.",
        triggering: ["FROM alpine:3.20\n↓ENTRYPOINT my-app start\n"],
        nonTriggering: ["FROM alpine:3.20\nENTRYPOINT [\"my-app\", \"start\"]\n", "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-c\"]\nCMD my-app\n"])

    func check(_ c: LintContext) -> [Violation] {
        var hasShell = Set<Int>()
        return c.report(["shell", "cmd", "entrypoint"]) { item in
            if item.name == "shell" { hasShell.insert(item.stage); return nil }
            guard !item.node.isJSON, !item.arguments.isEmpty, !hasShell.contains(item.stage) else { return nil }
            return Rewrites.execForm(item, in: c)
        }
    }
}

struct MaintainerDeprecatedRule: Rule {
    static let description = BuildKitRules.bk(
        "MaintainerDeprecated", "maintainer-deprecated",
        message: "MAINTAINER is deprecated",
        rationale: "Use the standard `org.opencontainers.image.authors` label instead.",
        fix: "Write `LABEL org.opencontainers.image.authors=\"you@example.com\"`.",
        triggering: ["FROM alpine:3.20\n↓MAINTAINER me@example.com\n"], nonTriggering: ["FROM alpine:3.20\nLABEL org.opencontainers.image.authors=me@example.com\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.report(["maintainer"], onbuild: true) { Rewrites.maintainerLabel($0) }
    }
}

struct UndefinedArgInFromRule: Rule {
    static let description = BuildKitRules.bk(
        "UndefinedArgInFrom", "undefined-arg-in-from",
        message: "FROM uses a variable that is not declared by an ARG before the first FROM",
        rationale: "An undeclared variable expands to nothing, so the build pulls a different image than intended.",
        fix: "Declare it before the first FROM: `ARG VARIANT=slim`.",
        triggering: ["↓FROM node:22${VARIANT}\n"], nonTriggering: ["ARG VARIANT=-slim\nFROM node:22${VARIANT}\n", "FROM --platform=$BUILDPLATFORM node:22\n"])

    func check(_ c: LintContext) -> [Violation] {
        let globals = BuildKitRules.globalArgs(c)
        return c.stages.compactMap { s in
            let names = BuildKitRules.variables(in: s.imageText) + BuildKitRules.variables(in: s.platform ?? "")
            let bad = names.contains { globals[$0] == nil && !BuildKitRules.platformArgs.contains($0) }
            return bad ? Violation(line: s.line) : nil
        }
    }
}

struct WorkdirRelativePathRule: Rule {
    static let description = BuildKitRules.bk(
        "WorkdirRelativePath", "workdir-relative-path",
        message: "A relative WORKDIR without an absolute one before it depends on the base image",
        rationale: "The base image's working directory decides where a relative WORKDIR lands, and it can change.",
        fix: "Use an absolute path: `WORKDIR /usr/share/nginx/html`.",
        triggering: ["FROM nginx:1.27\n↓WORKDIR usr/share/nginx/html\n"],
        nonTriggering: ["FROM nginx:1.27\nWORKDIR /usr/share/nginx\nWORKDIR html\n"])

    func check(_ c: LintContext) -> [Violation] {
        var hasWorkdir = Array(repeating: false, count: c.stages.count)
        var out: [Violation] = []
        for item in c.items where item.name == "workdir" && !item.isOnbuild && item.stage >= 0 {
            let s = c.stages[item.stage]
            let parentHas = c.stages[..<s.index].contains { $0.alias?.lowercased() == s.imageText.lowercased() && hasWorkdir[$0.index] }
            let path = Quotes.unquote(item.arguments.first ?? "")
            if !hasWorkdir[item.stage] && !parentHas && !path.hasPrefix("/") && !path.hasPrefix("$") {
                let chars = Array(path)
                if !(chars.count >= 2 && chars[0].isLetter && chars[1] == ":") { out.append(Violation(line: item.line)) }
            }
            hasWorkdir[item.stage] = true
        }
        return out
    }
}

struct UndefinedVarRule: Rule {
    static let description = BuildKitRules.bk(
        "UndefinedVar", "undefined-var",
        message: "A variable is used but never defined; did you mean a similar name?",
        rationale: "An undefined variable expands to an empty string, silently breaking paths and settings.",
        fix: "Fix the typo or declare it with ARG/ENV first.",
        triggering: ["FROM alpine:3.20\nENV APP_HOME=/app\n↓ENV PATH=$APP_HOEM/bin:$PATH\n"],
        nonTriggering: ["FROM alpine:3.20\nENV APP_HOME=/app\nENV PATH=$APP_HOME/bin:$PATH\n"])

    static let expanding: Set<String> = ["env", "label", "add", "copy", "workdir", "user", "volume", "stopsignal", "arg"]

    /// Without the base image's environment we cannot know every defined name, so only
    /// names close to a declared one (a likely typo) are reported, or any name in a stage
    /// built from scratch.
    func check(_ c: LintContext) -> [Violation] {
        var declared: [Set<String>] = Array(repeating: ["PATH", "HOME", "HOSTNAME"], count: c.stages.count)
        var out: [Violation] = []
        // A name already found not to be a near miss is not compared again.
        var nearMiss: [String: Bool] = [:]
        for item in c.items where !item.isOnbuild && item.stage >= 0 {
            let s = item.stage
            var texts: [String] = []
            switch item.name {
            case "env", "label": texts = item.pairs.map(\.value)
            case "arg": texts = item.arguments.compactMap { a in a.firstIndex(of: "=").map { String(a[a.index(after: $0)...]) } }
            default: if UndefinedVarRule.expanding.contains(item.name) { texts = item.arguments + item.node.flags }
            }
            var known = declared[s].union(BuildKitRules.platformArgs)
            for a in c.ancestors(of: s) { known.formUnion(declared[a]) }
            let fromScratch = c.stages[s].image.name == "scratch" && c.stages[s].parent == nil
            let bad = texts.flatMap(BuildKitRules.variables(in:)).contains { name in
                guard !known.contains(name) else { return false }
                if fromScratch { return true }
                if let memo = nearMiss[name] { return memo }
                let near = known.contains { $0.count > 3 && abs($0.count - name.count) <= 2 && UndefinedVarRule.distance($0, name) <= 2 }
                nearMiss[name] = near
                return near
            }
            if bad { out.append(Violation(line: item.line)) }
            if item.name == "env" { for p in item.pairs { declared[s].insert(p.key) } }
            if item.name == "arg" { for a in item.arguments { declared[s].insert(String(a.prefix { $0 != "=" })) } }
        }
        return out
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        var prev = Array(0...y.count)
        for i in 1...x.count {
            var cur = [i] + Array(repeating: 0, count: y.count)
            for j in stride(from: 1, through: y.count, by: 1) {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[y.count]
    }
}

struct MultipleInstructionsDisallowedRule: Rule {
    static let description = BuildKitRules.bk(
        "MultipleInstructionsDisallowed", "multiple-instructions-disallowed",
        message: "Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect",
        rationale: "Earlier ones are silently ignored, which misleads readers.",
        fix: "Keep only one per stage.",
        triggering: ["FROM alpine:3.20\n↓CMD [\"a\"]\nCMD [\"b\"]\n"], nonTriggering: ["FROM alpine:3.20\nCMD [\"a\"]\n"])

    func check(_ c: LintContext) -> [Violation] {
        var out: [Violation] = []
        for name in ["cmd", "entrypoint", "healthcheck"] {
            var byStage: [Int: [InstructionItem]] = [:]
            for item in c.items where item.name == name && !item.isOnbuild { byStage[item.stage, default: []].append(item) }
            for (_, list) in byStage where list.count > 1 { out += list.dropLast().map { Violation(line: $0.line) } }
        }
        return out.sorted { $0.range.start.line < $1.range.start.line }
    }
}

struct LegacyKeyValueFormatRule: Rule {
    static let description = BuildKitRules.bk(
        "LegacyKeyValueFormat", "legacy-key-value-format",
        message: "Use `key=value` in ENV and LABEL, not the legacy `key value` form",
        rationale: "The legacy form takes the rest of the line as the value, spaces included, which surprises.",
        fix: "Write `ENV FOO=bar`.",
        triggering: ["FROM alpine:3.20\n↓ENV FOO bar\n"], nonTriggering: ["FROM alpine:3.20\nENV FOO=bar\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.items.compactMap { item in
            guard !item.isOnbuild, item.name == "env" || item.name == "label", item.arguments.count >= 3 else { return nil }
            return item.arguments[2].isEmpty ? Violation(line: item.line) : nil
        }
    }
}

struct RedundantTargetPlatformRule: Rule {
    static let description = BuildKitRules.bk(
        "RedundantTargetPlatform", "redundant-target-platform",
        message: "Setting the platform to $TARGETPLATFORM is redundant: that is the default",
        rationale: "It adds noise without changing the build.",
        fix: "Remove `--platform=$TARGETPLATFORM`.",
        triggering: ["↓FROM --platform=$TARGETPLATFORM alpine:3.20\n"], nonTriggering: ["FROM --platform=$BUILDPLATFORM alpine:3.20\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.stages.compactMap { s in
            s.platform == "$TARGETPLATFORM" || s.platform == "${TARGETPLATFORM}" ? Violation(line: s.line) : nil
        }
    }
}

struct SecretsUsedInArgOrEnvRule: Rule {
    static let description = BuildKitRules.bk(
        "SecretsUsedInArgOrEnv", "secrets-used-in-arg-or-env",
        message: "Do not use ARG or ENV for sensitive data",
        rationale: "ARG and ENV values persist in the image metadata and history.",
        fix: "Pass secrets with `RUN --mount=type=secret`.",
        triggering: ["FROM alpine:3.20\n↓ARG AWS_SECRET_ACCESS_KEY\n"],
        nonTriggering: ["FROM alpine:3.20\nARG PUBLIC_KEY\nENV GPG_KEY_FILE=/k\nENV TOKENIZER=x\n"])

    static let secret: Set<String> = ["apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"]
    static let allow: Set<String> = ["public", "file", "version"]

    static func isSecret(_ key: String) -> Bool {
        let parts = Set(key.lowercased().split(separator: "_").map(String.init))
        return !parts.isDisjoint(with: secret) && parts.isDisjoint(with: allow)
    }

    func check(_ c: LintContext) -> [Violation] {
        c.items.compactMap { item in
            guard !item.isOnbuild else { return nil }
            let keys: [String]
            switch item.name {
            case "arg": keys = item.arguments.map { String($0.prefix { $0 != "=" }) }
            case "env": keys = item.pairs.map(\.key)
            default: return nil
            }
            return keys.contains(where: SecretsUsedInArgOrEnvRule.isSecret) ? Violation(line: item.line) : nil
        }
    }
}

struct InvalidDefaultArgInFromRule: Rule {
    static let description = BuildKitRules.bk(
        "InvalidDefaultArgInFrom", "invalid-default-arg-in-from",
        message: "With the ARG defaults alone, this FROM is not a valid image reference",
        rationale: "A build without --build-arg then fails or pulls something unexpected.",
        fix: "Give the ARG a default: `ARG TAG=1.36`.",
        triggering: ["ARG TAG\n↓FROM busybox:${TAG}\n"], nonTriggering: ["ARG TAG=1.36\nFROM busybox:${TAG}\n"])

    func check(_ c: LintContext) -> [Violation] {
        let globals = BuildKitRules.globalArgs(c)
        return c.stages.compactMap { s in
            guard s.imageText.contains("$") else { return nil }
            let expanded = Self.expand(s.imageText, globals)
            if c.stages[..<s.index].contains(where: { $0.alias?.lowercased() == expanded.lowercased() }) { return nil }
            return Self.isValidReference(expanded) ? nil : Violation(line: s.line)
        }
    }

    static func expand(_ text: String, _ args: [String: String?]) -> String {
        var out = ""
        let s = Array(text)
        var i = 0
        while i < s.count {
            guard s[i] == "$", i + 1 < s.count else { out.append(s[i]); i += 1; continue }
            var j = i + 1
            var name = "", fallback: String?
            if s[j] == "{" {
                j += 1
                while j < s.count, s[j] == "_" || s[j].isLetter || s[j].isNumber { name.append(s[j]); j += 1 }
                var rest = ""
                while j < s.count, s[j] != "}" { rest.append(s[j]); j += 1 }
                if rest.hasPrefix(":-") { fallback = String(rest.dropFirst(2)) } else if rest.hasPrefix("-") { fallback = String(rest.dropFirst()) }
                j += 1
            } else {
                while j < s.count, s[j] == "_" || s[j].isLetter || s[j].isNumber { name.append(s[j]); j += 1 }
            }
            let value = (args[name] ?? nil) ?? ""
            out += value.isEmpty ? (fallback ?? "") : value
            i = j
        }
        return out
    }

    static func isValidReference(_ r: String) -> Bool {
        guard !r.isEmpty, !r.hasSuffix(":"), !r.hasSuffix("@"), !r.hasPrefix("/"), !r.hasSuffix("/"), !r.contains("//") else { return false }
        var name = Substring(r)
        if let at = name.firstIndex(of: "@") { name = name[..<at] }
        if let slash = name.lastIndex(of: "/"), let colon = name.lastIndex(of: ":"), colon > slash { name = name[..<colon] }
        else if !name.contains("/"), let colon = name.firstIndex(of: ":") { name = name[..<colon] }
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        return components.dropFirst(components.count > 1 && (components[0].contains(".") || components[0].contains(":")) ? 1 : 0)
            .allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLowercase || $0.isNumber || "._-".contains($0) } }
    }
}

struct FromPlatformFlagConstDisallowedRule: Rule {
    static let description = BuildKitRules.bk(
        "FromPlatformFlagConstDisallowed", "from-platform-flag-const-disallowed",
        message: "FROM --platform should not be a constant unless the stage name says which platform",
        rationale: "A fixed platform breaks builds for other targets; naming the stage after it shows it is deliberate.",
        fix: "Use `--platform=$BUILDPLATFORM`, or name the stage `build_amd64`.",
        triggering: ["↓FROM --platform=linux/amd64 alpine:3.20 AS base\n"], nonTriggering: ["FROM --platform=linux/amd64 alpine:3.20 AS build_amd64\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.stages.compactMap { s in
            guard let p = s.platform, !p.contains("$"), let alias = s.alias?.lowercased() else { return nil }
            let parts = p.lowercased().split(separator: "/")
            guard parts.count >= 2 else { return nil }
            return alias.contains(parts[0]) || alias.contains(parts[1]) ? nil : Violation(line: s.line)
        }
    }
}

struct InvalidDefinitionDescriptionRule: Rule {
    static let description = BuildKitRules.bk(
        "InvalidDefinitionDescription", "invalid-definition-description",
        message: "The comment above a named stage or ARG should start with its name",
        rationale: "Tools read such comments as descriptions of build targets and arguments (experimental in BuildKit).",
        fix: "Start the comment with the name: `# base: the shared runtime`.",
        triggering: ["# build stuff\n↓FROM scratch AS base\n"], nonTriggering: ["# base is the shared runtime\nFROM scratch AS base\n"], optIn: true)

    func check(_ c: LintContext) -> [Violation] {
        c.items.compactMap { item in
            guard !item.isOnbuild, let last = item.raw.comments.last else { return nil }
            if item.name == "from", item.arguments.count >= 3 {
                return last.hasPrefix(item.arguments[2] + " ") || last == item.arguments[2] ? nil : Violation(line: item.line)
            }
            if item.name == "arg" {
                let keys = item.arguments.map { String($0.prefix { $0 != "=" }) }
                return keys.contains { last.hasPrefix($0 + " ") || last == $0 } ? nil : Violation(line: item.line)
            }
            return nil
        }
    }
}

struct ExposeProtoCasingRule: Rule {
    static let description = BuildKitRules.bk(
        "ExposeProtoCasing", "expose-proto-casing",
        message: "EXPOSE protocols should be lowercase",
        rationale: "Docker expects `tcp`/`udp`; other casings are inconsistent with every tool's output.",
        fix: "Write `EXPOSE 80/tcp`.",
        triggering: ["FROM nginx:1.27\n↓EXPOSE 80/TCP\n"], nonTriggering: ["FROM nginx:1.27\nEXPOSE 80/tcp\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.items(named: "expose").compactMap { item in
            item.arguments.contains { a in a.split(separator: "/").dropFirst().contains { $0 != $0.lowercased() } } ? Violation(line: item.line) : nil
        }
    }
}

struct ExposeInvalidFormatRule: Rule {
    static let description = BuildKitRules.bk(
        "ExposeInvalidFormat", "expose-invalid-format",
        message: "EXPOSE takes container ports only, not IP addresses or host-port mappings",
        rationale: "Publishing to the host is decided at `docker run -p`; the mapping syntax here is deprecated and ignored.",
        fix: "Write `EXPOSE 80` and publish with `docker run -p 8080:80`.",
        triggering: ["FROM nginx:1.27\n↓EXPOSE 8080:80\n"], nonTriggering: ["FROM nginx:1.27\nEXPOSE 80\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.items(named: "expose").compactMap { $0.arguments.contains { $0.contains(":") } ? Violation(line: $0.line) : nil }
    }
}
