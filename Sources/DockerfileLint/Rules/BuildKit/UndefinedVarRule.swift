import DockerfileSyntax

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
    /// built from scratch. The platform ARGs (`$TARGETARCH`…) are global, as in BuildKit: a
    /// stage sees them only after its own `ARG TARGETARCH`, and no base image sets them, so
    /// one used without it is reported in any stage.
    func check(_ c: LintContext) -> [Violation] {
        var declared: [Set<String>] = Array(repeating: ["PATH", "HOME", "HOSTNAME"], count: c.stages.count)
        // A name already found not to be a near miss is not compared again.
        var nearMiss: [String: Bool] = [:]
        let escape = c.parsed.directives.escape
        return c.adviseLines { item in
            guard item.stage >= 0 else { return nil }
            let s = item.stage
            var texts: [String] = []
            switch item.name {
            case "env", "label": texts = item.pairs.map(\.value)
            case "arg": texts = item.arguments.compactMap { a in a.firstIndex(of: "=").map { String(a[a.index(after: $0)...]) } }
            default: if UndefinedVarRule.expanding.contains(item.name) { texts = item.arguments + item.node.flags }
            }
            defer {
                if item.name == "env" { for p in item.pairs { declared[s].insert(p.key) } }
                if item.name == "arg" { for a in item.arguments { declared[s].insert(String(a.prefix { $0 != "=" })) } }
            }
            // Most instructions name no variable: nothing to gather for them.
            guard texts.contains(where: { $0.contains("$") }) else { return nil }
            var known = declared[s]
            for a in c.ancestors(of: s) { known.formUnion(declared[a]) }
            let candidates = known.union(BuildKitRules.platformArgs)
            let fromScratch = c.stages[s].image.name == "scratch" && c.stages[s].parent == nil
            let undefined = texts.lazy.compactMap { BuildKitRules.variables(in: $0, escape: escape).sorted().first { name in
                guard !known.contains(name) else { return false }
                if fromScratch || BuildKitRules.platformArgs.contains(name) { return true }
                if let memo = nearMiss[name] { return memo }
                let near = candidates.contains { $0.count > 3 && abs($0.count - name.count) <= 2 && UndefinedVarRule.distance($0, name) <= 2 }
                nearMiss[name] = near
                return near
            } }.first
            guard let name = undefined else { return nil }
            if BuildKitRules.platformArgs.contains(name) {
                return "`$\(name)` is set by BuildKit, but a stage sees it only after its own `ARG \(name)`: add that line in this stage, above this one"
            }
            // The closest known name, when there is one: what the learner likely meant.
            let closest = candidates.lazy.filter { $0.count > 3 }.map { ($0, UndefinedVarRule.distance($0, name)) }
                .filter { $0.1 <= 2 }.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
            return closest.map { "`$\(name)` is set by no ARG or ENV before this line: if you meant `$\($0)`, write that; otherwise declare `\(name)` with ARG or ENV above" }
                ?? "`$\(name)` is set by no ARG or ENV before this line (the stage starts from scratch): declare it with ARG or ENV above, or fix the name"
        }
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
