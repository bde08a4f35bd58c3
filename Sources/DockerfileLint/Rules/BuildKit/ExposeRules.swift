import DockerfileSyntax

/// BuildKit's checks of EXPOSE.
struct ExposeProtoCasingRule: Rule {
    static let description = BuildKitRules.bk(
        "ExposeProtoCasing", "expose-proto-casing",
        message: "EXPOSE protocols should be lowercase",
        rationale: "Docker expects `tcp`/`udp`; other casings are inconsistent with every tool's output.",
        fix: "Write `EXPOSE 80/tcp`.",
        triggering: ["FROM nginx:1.27\n↓EXPOSE 80/TCP\n"], nonTriggering: ["FROM nginx:1.27\nEXPOSE 80/tcp\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.adviseLines(["expose"]) { item in
            guard let a = item.arguments.first(where: { a in a.split(separator: "/").dropFirst().contains { $0 != $0.lowercased() } }) else { return nil }
            return "write the protocol in lower case: `\(a.lowercased())`"
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
        c.adviseLines(["expose"]) { item in
            guard let a = item.arguments.first(where: { $0.contains(":") }) else { return nil }
            let port = a.split(separator: ":").last.map(String.init) ?? a
            return "EXPOSE names only the container's port (`\(port)` here); the host side of `\(a)` belongs to `docker run -p \(a)`"
        }
    }
}
