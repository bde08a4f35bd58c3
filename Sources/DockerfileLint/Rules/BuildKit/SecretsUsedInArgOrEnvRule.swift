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
        c.report(["arg", "env"]) { item in
            let keys = item.name == "arg" ? item.arguments.map { String($0.prefix { $0 != "=" }) } : item.pairs.map(\.key)
            guard let key = keys.first(where: SecretsUsedInArgOrEnvRule.isSecret) else { return nil }
            return .line(Self.advice(key, keyword: item.node.keyword))
        }
    }

    /// The reason, for this name: no rewrite (whether the value is secret is the learner's
    /// call). DL3064 says the same.
    static func advice(_ key: String, keyword: String) -> Suggestion {
        let id = key.lowercased()
        return .advice("the value of `\(keyword) \(key)` is kept in the image's history and config; if it is a secret, give it only to the RUN that needs it with `RUN --mount=type=secret,id=\(id) …` (it reads /run/secrets/\(id)) and `docker build --secret id=\(id),src=FILE`; if it is not secret, ignore this finding on this line")
    }
}
