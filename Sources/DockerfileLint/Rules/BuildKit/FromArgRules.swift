import DockerfileSyntax

/// BuildKit's checks of the global ARGs a FROM expands (with their defaults, as BuildKit
/// expands them: `BuildEnvironment`).
struct UndefinedArgInFromRule: Rule {
    static let description = BuildKitRules.bk(
        "UndefinedArgInFrom", "undefined-arg-in-from",
        message: "FROM uses a variable that is not declared by an ARG before the first FROM",
        rationale: "An undeclared variable expands to nothing, so the build pulls a different image than intended.",
        fix: "Declare it before the first FROM: `ARG VARIANT=slim`.",
        triggering: ["↓FROM node:22${VARIANT}\n"], nonTriggering: ["ARG VARIANT=-slim\nFROM node:22${VARIANT}\n", "FROM --platform=$BUILDPLATFORM node:22\n"])

    func check(_ c: LintContext) -> [Violation] {
        guard c.stages.contains(where: { $0.imageText.contains("$") || $0.platform?.contains("$") == true }) else { return [] }
        let file = c.dockerfile
        let known = BuildKitRules.platformArgs.union(file.metaArgs.flatMap { $0.args.map(\.name) })
        let escape = file.directives.escape
        return c.adviseStageLines { s in
            let names = BuildKitRules.variables(in: s.imageText, escape: escape)
                .union(BuildKitRules.variables(in: s.platform ?? "", escape: escape))
            guard let name = names.subtracting(known).sorted().first else { return nil }
            return "declare `ARG \(name)` (with the default you build with) before the first FROM, or fix the name if you meant another ARG"
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

    /// As BuildKit's check: each FROM expanded with the global ARGs' defaults alone. When an
    /// expansion fails (`${TAG:?}`, a default that does not expand) BuildKit stops checking
    /// there, leaving the error to the build; so does this.
    func check(_ c: LintContext) -> [Violation] {
        guard c.stages.contains(where: { $0.imageText.contains("$") }) else { return [] }
        let file = c.dockerfile
        guard let globals = BuildEnvironment().globalArgsIfTheyExpand(of: file) else { return [] }
        let lexer = ShellLexer(escape: file.directives.escape)
        var stopped = false
        return c.adviseStageLines { s in
            guard !stopped else { return nil }
            guard let expanded = try? lexer.processWord(file.stages[s.index].from.image,
                                                        environment: { globals[$0] ?? BuildEnvironment.platformArgs[$0] }) else {
                stopped = true
                return nil
            }
            guard s.imageText.contains("$") else { return nil }
            if !c.stages(before: s.index, named: expanded).isEmpty { return nil }
            if Self.isValidReference(expanded) { return nil }
            return "without --build-arg, `\(s.imageText)` becomes \(expanded.isEmpty ? "nothing" : "`\(expanded)`"): give the ARG it uses a default before the first FROM (the tag or image you build with), so a plain `docker build` works"
        }
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
