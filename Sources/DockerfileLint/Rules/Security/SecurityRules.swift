import DockerfileSyntax
/// DL3002: the last USER of a stage should not be root.
struct LastUserRootRule: Rule {
    static let description = describe(
        "DL3002", "last-user-not-root", .security, .warning,
        message: "The last USER of this stage is root",
        rationale: "A container running as root turns any escape or bug in the app into root on the host's kernel.",
        fix: "End the stage with `USER app` (a user you created), or a numeric UID.",
        triggering: ["FROM debian:12\nUSER app\n↓USER root\n"],
        nonTriggering: ["FROM debian:12\nUSER root\nRUN true\nUSER app\n", "FROM debian:12\n"])

    static func isRoot(_ u: String) -> Bool { UserInstruction.isRoot(u) }

    func check(_ c: LintContext) -> [Violation] {
        var last: [Int: InstructionItem] = [:]
        for item in c.items where item.name == "user" && !item.isOnbuild && item.stage >= 0 { last[item.stage] = item }
        return last.keys.sorted().compactMap { s in
            let item = last[s]!
            guard LastUserRootRule.isRoot(item.arguments.first ?? "") else { return nil }
            return Violation(line: item.line, span: item.span(of: item.arguments.first ?? "") ?? item.span,
                             suggestion: .advice("end the stage as an unprivileged user: create one (`RUN useradd --create-home app`) and put `USER app` after the steps that need root"))
        }
    }
}

/// DL3004: no sudo.
struct SudoRule: Rule {
    static let description = describe(
        "DL3004", "no-sudo", .security, .error,
        message: "Don't use sudo: RUN already runs as the current USER, switch with USER",
        rationale: "sudo in an image means unpredictable TTY and signal behaviour, and a setuid binary shipped for nothing.",
        fix: "Put `USER root` before the RUN (and back to the app user after), or use gosu in an entrypoint.",
        triggering: ["FROM debian:12\n↓RUN sudo apt-get update\n"],
        nonTriggering: ["FROM debian:12\nUSER root\nRUN apt-get update\n"])

    func check(_ c: LintContext) -> [Violation] {
        c.reportCommands(onbuild: true) { site in
            guard site.command.name == "sudo" else { return nil }
            return Report(span: site.span(site.command.wordRanges.first) ?? site.span,
                          suggestion: .advice("RUN runs as root unless a USER says otherwise: drop `sudo`, or put the step before the USER"))
        }
    }
}

/// DL3064: secret-looking names in ARG/ENV.
struct SecretNameRule: Rule {
    static let description = describe(
        "DL3064", "no-secrets-in-arg-env", .security, .warning,
        message: "This ARG/ENV name looks like a secret; its value ends up in the image metadata",
        rationale: "ARG and ENV values are stored in the image config and history, readable by anyone who can pull it.",
        fix: "Use `RUN --mount=type=secret,id=…` to pass secrets at build time.",
        triggering: ["FROM debian:12\n↓ENV GITHUB_TOKEN=abc\n", "FROM debian:12\n↓ARG DB_PASSWORD\n"],
        nonTriggering: ["FROM debian:12\nENV APP_PORT=8080\n"])

    static let names: Set<String> = [
        "ACCESS_TOKEN", "APPLICATION_KEY", "APP_SECRET", "AUTH_TOKEN", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "BITTREX_API_KEY", "BITTREX_API_SECRET", "CF_PASSWORD", "CF_USERNAME",
        "CIRCLE_TOKEN", "CI_DEPLOY_PASSWORD", "CI_DEPLOY_USER", "DOCKERHUB_PASSWORD", "DOCKER_EMAIL",
        "DOCKER_PASSWORD", "DOCKER_USERNAME", "FACEBOOK_ACCESS_TOKEN", "FACEBOOK_APP_ID",
        "FACEBOOK_APP_SECRET", "FIREBASE_API_TOKEN", "FIREBASE_TOKEN", "FOSSA_API_KEY",
        "GH_ENTERPRISE_TOKEN", "GH_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GITHUB_TOKEN", "HEROKU_API_KEY",
        "HEROKU_API_USER", "NPM_AUTH_TOKEN", "NPM_TOKEN", "OKTA_AUTHN_GROUPID", "OKTA_CLIENT_ORGURL",
        "OKTA_CLIENT_TOKEN", "OKTA_OAUTH2_CLIENTID", "OKTA_OAUTH2_CLIENTSECRET", "OPENAI_API_KEY",
        "OS_PASSWORD", "OS_USERNAME", "POSTGRES_PASSWORD", "SLACK_TOKEN", "STRIPE_API_KEY",
        "STRIPE_DEVICE_NAME", "TRAVIS_OS_NAME", "TRAVIS_SECURE_ENV_VARS", "TRAVIS_SUDO",
        "VAULT_CLIENT_KEY", "VAULT_TOKEN",
    ]
    static let fragments = ["api_key", "client_key", "password", "private", "secret", "token", "username"]

    static func isSecret(_ name: String) -> Bool {
        if names.contains(name.uppercased()) { return true }
        let lower = name.lowercased()
        return fragments.contains { UTF8Search.contains(lower, $0) }
    }

    func check(_ c: LintContext) -> [Violation] {
        c.report(["arg", "env"], onbuild: true) { item in
            let keys = item.name == "arg" ? item.arguments.prefix(1).map { String($0.prefix { $0 != "=" }) } : item.pairs.map(\.key)
            guard let key = keys.first(where: SecretNameRule.isSecret) else { return nil }
            return Report(span: item.span(of: key), suggestion: SecretsUsedInArgOrEnvRule.advice(key, keyword: item.node.keyword))
        }
    }
}

/// DL3066: USER by UID.
struct NumericUserRule: Rule {
    static let description = describe(
        "DL3066", "numeric-user", .security, .info,
        message: "Give USER a numeric UID (`USER 10001`)",
        rationale: "Kubernetes' runAsNonRoot can only verify a numeric user; a name could map to UID 0.",
        fix: "Write `USER 10001:10001` (create the user with that UID).",
        triggering: ["FROM debian:12\n↓USER app\n"],
        nonTriggering: ["FROM debian:12\nUSER 10001\n", "FROM debian:12\nARG UID=10001\nUSER $UID\n"])

    func check(_ c: LintContext) -> [Violation] {
        // ARGs declared so far (ONBUILD ones too): a USER made of one may be numeric.
        var args = Set<String>()
        return c.report(onbuild: true) { item in
            if item.name == "arg" {
                for a in item.arguments { args.insert(String(a.prefix { $0 != "=" })) }
            }
            guard item.name == "user", !item.isOnbuild else { return nil }
            let value = item.arguments.first ?? ""
            let user = value.prefix { $0 != ":" }
            if user.allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
            if args.contains(where: { user.contains("${\($0)}") || NumericUserRule.mentions(String(user), $0) }) { return nil }
            // Under the name itself, where there is one to point at.
            guard let span = item.span(ofTrailing: value) else { return .line(Self.advice(String(user))) }
            return Report(span: span, suggestion: Self.advice(String(user)))
        }
    }

    /// What to look up: the UID the name has in the image (the number cannot be known here).
    static func advice(_ user: String) -> Suggestion {
        if user == "root" {
            return .advice("`root` is UID 0: `USER 0` says the same in numbers; better, end the stage as an unprivileged user with a fixed UID (`useradd -u 10001 app`, then `USER 10001`)")
        }
        return .advice("look up the UID of `\(user)` in the built image (`docker run --rm --entrypoint id IMAGE -u \(user)`) and write `USER` with that number; or create the user with a fixed UID (`useradd -u 10001 \(user)`) and write `USER 10001`")
    }

    /// `$NAME` not followed by another name character.
    static func mentions(_ text: String, _ name: String) -> Bool {
        var rest = Substring(text)
        while let r = rest.range(of: "$" + name) {
            let after = rest[r.upperBound...].first
            if after == nil || !(after!.isLetter || after!.isNumber || after! == "_") { return true }
            rest = rest[r.upperBound...]
        }
        return false
    }
}
