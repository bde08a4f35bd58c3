import DockerfileSyntax

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
        c.flagLines(["arg", "env"]) { item in
            let keys = item.name == "arg" ? item.arguments.map { String($0.prefix { $0 != "=" }) } : item.pairs.map(\.key)
            return keys.contains(where: SecretsUsedInArgOrEnvRule.isSecret)
        }
    }
}
