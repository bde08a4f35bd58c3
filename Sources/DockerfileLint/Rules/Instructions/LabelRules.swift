import Foundation

private func schemaConfig(_ schema: [String: String], strict: Bool = false) -> LintConfiguration {
    var c = LintConfiguration()
    c.labelSchema = schema
    c.strictLabels = strict
    return c
}

/// A LABEL's pairs, key and value unquoted.
private func labelPairs(_ item: InstructionItem) -> [(key: String, value: String)] {
    item.pairs.map { (Quotes.unquote($0.key), Quotes.unquote($0.value)) }
}

struct LabelKeyRule: Rule {
    static let description = describe(
        "DL3048", "label-key-format", .instructions, .style,
        message: "Label keys should be lower-case reverse-DNS (`org.example.key`)",
        rationale: "Docker's label guidelines reserve some namespaces and expect lower-case dotted keys, so tools can find them.",
        fix: "Use `org.opencontainers.image.*` or your own reverse-DNS prefix.",
        triggering: ["FROM debian:12\n↓LABEL Maintainer=me\n"],
        nonTriggering: ["FROM debian:12\nLABEL org.opencontainers.image.title=app\n"])

    static let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_/")

    static func isValid(_ k: String) -> Bool {
        guard let f = k.first, f.isASCII, f.isLowercase, let l = k.last, l.isASCII, l.isLowercase || l.isNumber else { return false }
        if !k.allSatisfy({ allowed.contains($0) }) { return false }
        if ["com.docker.", "io.docker.", "org.dockerproject."].contains(where: { k.hasPrefix($0) }) { return false }
        return !k.contains("..") && !k.contains("--")
    }

    func check(_ c: LintContext) -> [Violation] {
        c.report(["label"]) { item in
            guard let key = labelPairs(item).first(where: { !LabelKeyRule.isValid($0.key) })?.key else { return nil }
            return .line(advice: "rename `\(key)` to a lower-case reverse-DNS key of your own, or the standard `org.opencontainers.image.*` one that means the same (tools that read `\(key)` must then read the new name)")
        }
    }
}

struct RequiredLabelRule: Rule {
    static let description = describe(
        "DL3049", "required-label", .instructions, .info,
        message: "A label required by the label schema is missing in this stage",
        rationale: "Your label schema says every image carries these labels, for inventory and provenance.",
        fix: "Add the label with `LABEL key=value`.",
        triggering: [RuleExample("↓FROM debian:12\n", config: schemaConfig(["version": "semver"]))],
        nonTriggering: [RuleExample("FROM debian:12\nLABEL version=1.0.0\n", config: schemaConfig(["version": "semver"]))])

    func check(_ c: LintContext) -> [Violation] {
        let schema = c.configuration.labelSchema
        guard !schema.isEmpty else { return [] }
        var has = Array(repeating: Set<String>(), count: c.stages.count)
        for item in c.items(named: "label") where item.stage >= 0 { has[item.stage].formUnion(labelPairs(item).map(\.key)) }
        return c.adviseStageLines { s in
            let missing = schema.keys.sorted().filter { label in
                if has[s.index].contains(label) { return false }
                if c.ancestors(of: s.index).contains(where: { has[$0].contains(label) }) { return false }
                if let alias = s.alias {
                    let copied = c.items.contains { $0.name == "copy" && $0.stage > s.index && $0.flag("from") == alias }
                    if copied { return false }
                    if c.stages.contains(where: { $0.index > s.index && $0.imageText == alias && $0.alias == nil && has[$0.index].contains(label) }) { return false }
                }
                return true
            }
            guard !missing.isEmpty else { return nil }
            return "label-schema asks every image for \(missing.map { "`\($0)`" }.joined(separator: ", ")): add `LABEL \(missing[0])=…` with its real value to this stage"
        }
    }
}

struct StrictLabelsRule: Rule {
    static let description = describe(
        "DL3050", "strict-labels", .instructions, .info,
        message: "This label is not in the label schema",
        rationale: "With strict labels on, only labels the schema lists are allowed, so typos are caught.",
        fix: "Add the label to `label-schema` or remove it.",
        triggering: [RuleExample("FROM debian:12\n↓LABEL other=x\n", config: schemaConfig(["version": "text"], strict: true))],
        nonTriggering: [RuleExample("FROM debian:12\nLABEL version=x\n", config: schemaConfig(["version": "text"], strict: true))])

    func check(_ c: LintContext) -> [Violation] {
        guard c.configuration.strictLabels else { return [] }
        let schema = c.configuration.labelSchema
        return c.adviseLines(["label"]) { item in
            guard let key = labelPairs(item).first(where: { schema[$0.key] == nil })?.key else { return nil }
            return "`\(key)` is not in label-schema (strict-labels is on): add it to label-schema, or use the schema's key that means the same"
        }
    }
}

/// The shared shape of DL3051–DL3058: a schema label of one type whose value is invalid.
protocol LabelValueRule: Rule {
    static var types: Set<String> { get }
    static func isValid(_ value: String) -> Bool
    /// What a valid value is, and where to find it (the value itself cannot be known here).
    static var expected: String { get }
}

extension LabelValueRule {
    func check(_ c: LintContext) -> [Violation] {
        let schema = c.configuration.labelSchema
        guard !schema.isEmpty else { return [] }
        return c.adviseLines(["label"]) { item in
            let bad = labelPairs(item).first { p in
                guard let type = schema[p.key], Self.types.isEmpty || Self.types.contains(type.isEmpty ? "text" : type) else { return false }
                return !Self.isValid(p.value)
            }
            return bad.map { "`\($0.key)` must be \(Self.expected); `\($0.value)` is not" }
        }
    }
}

struct EmptyLabelRule: LabelValueRule {
    static let expected = "a value (what it stands for in this image), or the label left out"
    static let types: Set<String> = []
    static func isValid(_ v: String) -> Bool { !v.isEmpty }
    static let description = describe(
        "DL3051", "label-not-empty", .instructions, .warning,
        message: "A schema label is set to an empty value",
        rationale: "An empty required label satisfies the letter of the schema but carries no information.",
        fix: "Give the label a value.",
        triggering: [RuleExample("FROM debian:12\n↓LABEL version=\"\"\n", config: schemaConfig(["version": "text"]))],
        nonTriggering: [RuleExample("FROM debian:12\nLABEL version=1\n", config: schemaConfig(["version": "text"]))])
}

struct LabelURLRule: LabelValueRule {
    static let expected = "an absolute URL with its scheme (`https://` and the address)"
    static let types: Set<String> = ["url"]
    static func isValid(_ v: String) -> Bool {
        guard let colon = v.firstIndex(of: ":"), colon != v.startIndex else { return false }
        let scheme = v[..<colon]
        guard let f = scheme.first, f.isLetter, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else { return false }
        return v.index(after: colon) < v.endIndex && !v.contains(" ")
    }
    static let description = describe(
        "DL3052", "label-url", .instructions, .warning,
        message: "This label must be an absolute URL",
        rationale: "The schema declares it a URL; tools will try to open it.",
        fix: "Write the full URL with its scheme (`https://…`).",
        triggering: [RuleExample("FROM debian:12\n↓LABEL url=example.com\n", config: schemaConfig(["url": "url"]))],
        nonTriggering: [RuleExample("FROM debian:12\nLABEL url=https://example.com\n", config: schemaConfig(["url": "url"]))])
}

struct LabelRFC3339Rule: LabelValueRule {
    static let expected = "an RFC 3339 time: date, `T`, time and zone (`date -u +%Y-%m-%dT%H:%M:%SZ` prints one; pass it with --build-arg)"
    static let types: Set<String> = ["rfc3339"]
    static func isValid(_ v: String) -> Bool {
        v.range(of: #"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"#, options: .regularExpression) != nil
    }
    static let description = describe(
        "DL3053", "label-rfc3339", .instructions, .warning,
        message: "This label must be an RFC 3339 timestamp",
        rationale: "The schema declares it a timestamp; a partial date cannot be compared or sorted reliably.",
        fix: "Write `2024-05-01T12:00:00Z`.",
        triggering: [RuleExample("FROM debian:12\n↓LABEL created=2024-05-01\n", config: schemaConfig(["created": "rfc3339"]))],
        nonTriggering: [RuleExample("FROM debian:12\nLABEL created=2024-05-01T12:00:00Z\n", config: schemaConfig(["created": "rfc3339"]))])
}

struct LabelSPDXRule: LabelValueRule {
    static let expected = "an SPDX license identifier: look the project's license up at spdx.org/licenses"
    static let types: Set<String> = ["spdx"]
    static let ids: Set<String> = [
        "0BSD", "AFL-3.0", "AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-1.1", "Apache-2.0",
        "APSL-2.0", "Artistic-2.0", "BSD-1-Clause", "BSD-2-Clause", "BSD-3-Clause", "BSD-3-Clause-Clear",
        "BSD-4-Clause", "BSL-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "CDDL-1.0", "CDDL-1.1",
        "CPL-1.0", "ECL-2.0", "EPL-1.0", "EPL-2.0", "EUPL-1.1", "EUPL-1.2", "GPL-2.0", "GPL-2.0-only",
        "GPL-2.0-or-later", "GPL-3.0", "GPL-3.0-only", "GPL-3.0-or-later", "ISC", "LGPL-2.0", "LGPL-2.0-only",
        "LGPL-2.0-or-later", "LGPL-2.1", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0", "LGPL-3.0-only",
        "LGPL-3.0-or-later", "MIT", "MIT-0", "MPL-1.1", "MPL-2.0", "MS-PL", "MS-RL", "NCSA", "OFL-1.1",
        "OpenSSL", "PHP-3.01", "PostgreSQL", "Python-2.0", "Ruby", "Unlicense", "UPL-1.0", "Vim", "W3C",
        "WTFPL", "X11", "Zlib", "ZPL-2.1",
    ]
    static func isValid(_ v: String) -> Bool { ids.contains(v) }
    static let description = describe(
        "DL3054", "label-spdx", .instructions, .warning,
        message: "This label must be an SPDX license identifier",
        rationale: "The schema declares it a license id so scanners can read it.",
        fix: "Write an SPDX id such as `MIT` or `Apache-2.0`.",
        triggering: [RuleExample("FROM debian:12\n↓LABEL license=mit-ish\n", config: schemaConfig(["license": "spdx"]))],
        nonTriggering: [RuleExample("FROM debian:12\nLABEL license=MIT\n", config: schemaConfig(["license": "spdx"]))])
}

struct LabelHashRule: LabelValueRule {
    static let expected = "a git commit hash, 7 or 40 lower-case hex digits (`git rev-parse HEAD`; pass it with --build-arg)"
    static let types: Set<String> = ["hash"]
    static func isValid(_ v: String) -> Bool {
        (v.count == 7 || v.count == 40) && v.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
    static let description = describe(
        "DL3055", "label-git-hash", .instructions, .warning,
        message: "This label must be a git commit hash (7 or 40 lower-case hex digits)",
        rationale: "The schema declares it a commit hash, to trace the image back to its source.",
        fix: "Pass the commit in a build arg: `LABEL revision=$GIT_SHA`.",
        triggering: [RuleExample("FROM debian:12\n↓LABEL revision=main\n", config: schemaConfig(["revision": "hash"]))],
        nonTriggering: [RuleExample("FROM debian:12\nLABEL revision=abc1234\n", config: schemaConfig(["revision": "hash"]))])
}

struct LabelSemverRule: LabelValueRule {
    static let expected = "a semantic version, MAJOR.MINOR.PATCH without a `v`"
    static let types: Set<String> = ["semver"]
    static func isValid(_ v: String) -> Bool {
        v.range(of: #"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-((0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(\+([0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*))?$"#, options: .regularExpression) != nil
    }
    static let description = describe(
        "DL3056", "label-semver", .instructions, .warning,
        message: "This label must be a semantic version (1.2.3)",
        rationale: "The schema declares it a SemVer version so it can be compared.",
        fix: "Write `1.2.3` (no `v`, three parts).",
        triggering: [RuleExample("FROM debian:12\n↓LABEL version=v1.2\n", config: schemaConfig(["version": "semver"]))],
        nonTriggering: [RuleExample("FROM debian:12\nLABEL version=1.2.3\n", config: schemaConfig(["version": "semver"]))])
}

struct LabelEmailRule: LabelValueRule {
    static let expected = "an email address"
    static let types: Set<String> = ["email"]
    static func isValid(_ v: String) -> Bool {
        v.range(of: #"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$"#, options: .regularExpression) != nil
    }
    static let description = describe(
        "DL3058", "label-email", .instructions, .warning,
        message: "This label must be an email address",
        rationale: "The schema declares it an email address, so people can reach the owner.",
        fix: "Write `name@example.com`.",
        triggering: [RuleExample("FROM debian:12\n↓LABEL maintainer=me\n", config: schemaConfig(["maintainer": "email"]))],
        nonTriggering: [RuleExample("FROM debian:12\nLABEL maintainer=me@example.com\n", config: schemaConfig(["maintainer": "email"]))])
}
