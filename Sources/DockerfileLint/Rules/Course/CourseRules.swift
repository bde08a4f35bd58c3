import DockerfileSyntax
import Foundation

/// The course's own rules (prefix DC): what the flagship exercise grades. Off unless
/// enabled (`--enable course`, or `enable: [course]` in .dockerlings.yml).
enum CourseRules {
    static let all: [any Rule.Type] = [
        MultiStageRule.self, FinalUserNotRootRule.self, HealthcheckPresentRule.self,
        ManifestsFirstRule.self, CacheCleanupRule.self, NoSecretValueRule.self, ExecFormRule.self,
    ]

    static func dc(_ code: String, _ name: String, _ severity: Severity, message: String, rationale: String, fix: String,
                   triggering: [RuleExample], nonTriggering: [RuleExample]) -> RuleDescription {
        describe(code, name, .course, severity, message: message, rationale: rationale, fix: fix,
                 triggering: triggering, nonTriggering: nonTriggering, optIn: true)
    }

    /// Items of the final stage (top-level only).
    static func finalStage(_ c: LintContext) -> (stage: StageInfo, items: [InstructionItem])? {
        guard let s = c.stages.last else { return nil }
        return (s, c.items.filter { $0.stage == s.index && !$0.isOnbuild })
    }
}

struct MultiStageRule: Rule {
    static let description = CourseRules.dc(
        "DC001", "multi-stage", .warning,
        message: "Use at least two stages: build in one, run from a slim one",
        rationale: "Compilers, headers and caches needed to build have no place in the image you ship; a second stage copies only the result.",
        fix: "Add `FROM python:3.12-slim` after the build stage and `COPY --from=build` what you need.",
        triggering: ["↓FROM python:3.12\nCMD [\"python\"]\n"],
        nonTriggering: ["FROM python:3.12 AS build\nRUN make\nFROM python:3.12-slim\nCOPY --from=build /app /app\n"])

    func check(_ c: LintContext) -> [Violation] {
        guard let first = c.stages.first, c.stages.count < 2 else { return [] }
        let from = c.items[first.itemIndex]
        return [Violation(line: first.line, span: from.span(of: first.imageText) ?? from.span,
                          suggestion: .advice("name this stage (`FROM \(first.imageText) AS build`), add a slim final stage after it and `COPY --from=build` only what runs; which files those are is yours to judge"))]
    }
}

struct FinalUserNotRootRule: Rule {
    static let description = CourseRules.dc(
        "DC002", "final-user-not-root", .warning,
        message: "The final stage should switch to a non-root USER",
        rationale: "Most images default to root; a compromised app then has root inside the container.",
        fix: "Create a user and end with `USER app` (or a numeric UID).",
        triggering: ["↓FROM python:3.12-slim\nCMD [\"python\"]\n", "FROM python:3.12-slim\n↓USER root\n"],
        nonTriggering: ["FROM python:3.12-slim\nRUN useradd -r app\nUSER app\n"])

    func check(_ c: LintContext) -> [Violation] {
        guard let f = CourseRules.finalStage(c) else { return [] }
        guard let user = f.items.last(where: { $0.name == "user" }) else {
            // Where one belongs: before the stage's CMD or ENTRYPOINT, after the steps that need root.
            let start = f.items.first { $0.name == "cmd" || $0.name == "entrypoint" }
            let place = start.map { "on the line before line \($0.line) (`\($0.node.keyword) …`)" } ?? "at the end of the final stage"
            return [Violation(line: f.stage.line, span: start?.keywordSpan ?? c.items[f.stage.itemIndex].span,
                              suggestion: .advice("add `USER app` \(place), after the steps that need root; create the user first (`RUN useradd --create-home app`, or `adduser -D app` on Alpine)"))]
        }
        guard LastUserRootRule.isRoot(user.arguments.first ?? "") else { return [] }
        return [Violation(line: user.line, span: user.span(of: user.arguments.first ?? "") ?? user.span,
                          suggestion: .advice("switch to an unprivileged user here: create one (`RUN useradd --create-home app`) and write `USER app`"))]
    }
}

struct HealthcheckPresentRule: Rule {
    static let description = CourseRules.dc(
        "DC003", "healthcheck-present", .warning,
        message: "The final stage should declare a HEALTHCHECK",
        rationale: "Without one, Docker only knows the process is alive, not that the service answers.",
        fix: "Add `HEALTHCHECK CMD python -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/')\"`.",
        triggering: ["↓FROM python:3.12-slim\nCMD [\"python\"]\n"],
        nonTriggering: ["FROM python:3.12-slim\nHEALTHCHECK CMD [\"python\", \"-c\", \"print(1)\"]\n"])

    func check(_ c: LintContext) -> [Violation] {
        guard let f = CourseRules.finalStage(c) else { return [] }
        let stages = [f.stage.index] + c.ancestors(of: f.stage.index)
        let has = c.items.contains { $0.name == "healthcheck" && !$0.isOnbuild && stages.contains($0.stage) }
        guard !has else { return [] }
        let start = f.items.first { $0.name == "cmd" || $0.name == "entrypoint" }
        return [Violation(line: f.stage.line, span: start?.keywordSpan ?? c.items[f.stage.itemIndex].span,
                          suggestion: .advice("add a HEALTHCHECK that asks your service whether it answers (`HEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost:PORT/\"]`, or a python one-liner where curl is missing); the URL and port are your app's"))]
    }
}

struct ManifestsFirstRule: Rule {
    static let description = CourseRules.dc(
        "DC004", "manifests-before-source", .warning,
        message: "Copy the dependency manifest and install before copying the rest of the source",
        rationale: "Docker reuses a cached layer only while everything before it is unchanged; copying all source first reinstalls every dependency on each code edit.",
        fix: "`COPY requirements.txt .` then `RUN pip install -r requirements.txt`, and only then `COPY . .`.",
        triggering: ["FROM python:3.12-slim\nWORKDIR /app\n↓COPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n"],
        nonTriggering: ["FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"])

    static func installsDependencies(_ cmd: ScriptCommand) -> Bool {
        if Pip.installArguments(cmd, excludeWrappers: true) != nil && cmd.arguments.contains(where: { $0 == "-r" || $0 == "--requirement" || $0 == "." }) { return true }
        switch cmd.name {
        case "npm": return cmd.hasArgument("ci", "install", "i")
        case "yarn", "pnpm": return cmd.arguments.isEmpty || cmd.hasArgument("install")
        case "go": return cmd.hasArgument("mod") && cmd.hasArgument("download")
        case "bundle", "composer", "poetry", "pipenv": return cmd.hasArgument("install")
        case "uv": return cmd.hasArgument("sync")
        default: return false
        }
    }

    func check(_ c: LintContext) -> [Violation] {
        var out: [Violation] = []
        var wholeCopy: [Int: InstructionItem] = [:]
        for (k, item) in c.items.enumerated() where !item.isOnbuild && item.stage >= 0 {
            if item.name == "copy", item.flag("from") == nil,
               item.copySources.contains(where: { ["." , "./"].contains(Quotes.unquote($0)) }) {
                if wholeCopy[item.stage] == nil { wholeCopy[item.stage] = item }
            }
            if item.name == "run", let copy = wholeCopy[item.stage],
               c.scripts[k].commands.contains(where: ManifestsFirstRule.installsDependencies) {
                out.append(Violation(line: copy.line, span: copy.span,
                                     suggestion: .advice("above this COPY, copy only the dependency manifest (`COPY requirements.txt .`) and move the install (line \(item.line)) up after it")))
                wholeCopy[item.stage] = nil
            }
        }
        return out
    }
}

struct CacheCleanupRule: Rule {
    static let description = CourseRules.dc(
        "DC005", "cache-cleanup-same-layer", .warning,
        message: "Remove the package manager's cache in the same RUN that filled it",
        rationale: "A later `rm` cannot shrink an earlier layer: the files stay in the image's history forever.",
        fix: "End the RUN with `&& rm -rf /var/lib/apt/lists/*` (or use `apk add --no-cache`, `pip install --no-cache-dir`, `dnf clean all`).",
        triggering: ["FROM debian:12\n↓RUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n",
                     "FROM python:3.12-slim\n↓RUN pip install flask==3.0.3\n"],
        nonTriggering: ["FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
                        "FROM alpine:3.20\nRUN apk add --no-cache curl\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportRuns(onbuild: false) { run in
            let cmds = run.commands
            let item = run.item
            func removes(_ path: String) -> Bool { cmds.contains { $0.name == "rm" && $0.arguments.contains { $0.hasPrefix(path) } } }
            func at(_ cmd: ScriptCommand?) -> SourceRange? { cmd.flatMap { run.site($0).span } }
            if let update = cmds.first(where: { ($0.name == "apt-get" || $0.name == "apt") && $0.hasArgument("update") }),
               !removes("/var/lib/apt/lists"), !c.hasCacheMount(item, containing: "/var/lib/apt") {
                return run.cleanup("rm -rf /var/lib/apt/lists/*", tool: "apt", in: c, at: at(update))
            }
            if let add = cmds.first(where: { $0.isCall("apk", with: ["add"]) && !$0.hasFlag("no-cache") }),
               !removes("/var/cache/apk"), !c.hasCacheMount(item, containing: "/var/cache/apk") {
                return Report(span: at(add), suggestion: .advice("write `apk add --no-cache`"))
            }
            if let pip = cmds.first(where: { Pip.installArguments($0, excludeWrappers: true) != nil && !$0.hasArgument("--no-cache-dir") }),
               !c.hasCacheMount(item, containing: ".cache/pip"), !item.commandText.contains("PIP_NO_CACHE_DIR=1") {
                return Report(span: at(pip), suggestion: .advice("write `pip install --no-cache-dir`"))
            }
            for tool in ["yum", "dnf", "microdnf"] {
                guard let install = cmds.first(where: { $0.isCall(tool, with: ["install"]) }) else { continue }
                if !cmds.contains(where: { $0.isCall(tool, with: ["clean"]) }) && !removes("/var/cache/\(tool == "microdnf" ? "dnf" : tool)") {
                    return run.cleanup("\(tool) clean all", tool: tool, in: c, at: at(install))
                }
            }
            return nil
        }
    }
}

struct NoSecretValueRule: Rule {
    static let description = CourseRules.dc(
        "DC006", "no-secret-values", .error,
        message: "This ENV/ARG holds what looks like a secret value",
        rationale: "ENV and ARG values are stored in the image config and history; anyone who can pull the image can read them.",
        fix: "Remove the value; pass it at run time (`docker run -e`) or at build time with `RUN --mount=type=secret`.",
        triggering: ["FROM python:3.12-slim\n↓ENV API_TOKEN=s3cr3t-value\n", "FROM python:3.12-slim\n↓ARG AWS_KEY=AKIAABCDEFGHIJKLMNOP\n"],
        nonTriggering: ["FROM python:3.12-slim\nENV APP_PORT=8000\nARG API_TOKEN\n", "FROM python:3.12-slim\nENV PASSWORD_FILE=/run/secrets/db\n"])

    static let patterns = [#"AKIA[0-9A-Z]{16}"#, #"gh[pousr]_[A-Za-z0-9]{20,}"#, #"xox[abpr]-[A-Za-z0-9-]{10,}"#,
                           #"-----BEGIN [A-Z ]*PRIVATE KEY"#, #"sk-[A-Za-z0-9]{20,}"#, #"glpat-[A-Za-z0-9_-]{20}"#]

    static func looksSecret(key: String, value: String) -> Bool {
        let v = Quotes.unquote(value)
        if v.isEmpty || v.hasPrefix("$") || v.hasPrefix("/") { return false }
        if patterns.contains(where: { v.range(of: $0, options: .regularExpression) != nil }) { return true }
        return SecretsUsedInArgOrEnvRule.isSecret(key) || SecretNameRule.isSecret(key)
    }

    func check(_ c: LintContext) -> [Violation] {
        c.items.compactMap { item in
            let pairs: [(String, String)]
            switch item.name {
            case "env": pairs = item.pairs.map { ($0.key, $0.value) }
            case "arg": pairs = item.arguments.compactMap { a in a.firstIndex(of: "=").map { (String(a[..<$0]), String(a[a.index(after: $0)...])) } }
            default: return nil
            }
            guard let secret = pairs.first(where: NoSecretValueRule.looksSecret) else { return nil }
            return Violation(line: item.line, span: item.span(of: secret.0) ?? item.span,
                             suggestion: .advice("take the value out of the Dockerfile: `RUN --mount=type=secret,id=\(secret.0.lowercased())` at build time, or pass it when the container starts (`docker run -e \(secret.0)`)"))
        }
    }
}

struct ExecFormRule: Rule {
    static let description = CourseRules.dc(
        "DC007", "exec-form-pid1", .error,
        message: "Write the final CMD/ENTRYPOINT in exec form so your app is PID 1 and gets SIGTERM",
        rationale: "Shell form wraps the app in /bin/sh -c; the shell ignores SIGTERM, so `docker stop` waits 10 s and then kills the app without a clean shutdown.",
        fix: "Write `CMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]`.",
        triggering: ["FROM python:3.12-slim\n↓CMD gunicorn app:app\n"],
        nonTriggering: ["FROM python:3.12-slim\nCMD [\"gunicorn\", \"app:app\"]\n"])

    func check(_ c: LintContext) -> [Violation] {
        guard let f = CourseRules.finalStage(c) else { return [] }
        return f.items.compactMap { item in
            guard item.name == "cmd" || item.name == "entrypoint", !item.node.isJSON else { return nil }
            let r = Rewrites.execForm(item, in: c)
            return Violation(line: item.line, span: r.span(or: item.span), suggestion: r.suggestion)
        }
    }
}
