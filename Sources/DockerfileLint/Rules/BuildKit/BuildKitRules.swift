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

    /// The platform ARGs BuildKit defines in every build (BuildEnvironment's list).
    static let platformArgs = Set(BuildEnvironment.platformArgs.keys)

    /// The variables BuildKit looks up when it expands `text`, read by DockerfileSyntax's
    /// ShellLexer (quotes, the escape character, `${X:-…}`); special parameters (`$1`, `$@`)
    /// are left aside. Nothing when the text does not expand (BuildKit rejects it).
    static func variables(in text: String, escape: Unicode.Scalar) -> Set<String> {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return [] }
        var lexer = ShellLexer(escape: escape)
        lexer.skipUnsetEnv = true
        guard let expansion = try? lexer.process(text, environment: { _ in nil }) else { return [] }
        return expansion.unmatched.filter { $0.first.map { $0 == "_" || ($0.isLetter && $0.isASCII) } ?? false }
    }

    static func bk(_ name: String, _ slug: String, message: String, rationale: String, fix: String,
                   triggering: [RuleExample], nonTriggering: [RuleExample], optIn: Bool = false) -> RuleDescription {
        var d = describe(name, slug, .buildkit, .warning, message: message, rationale: rationale, fix: fix,
                         triggering: triggering, nonTriggering: nonTriggering, optIn: optIn)
        d.url = "https://docs.docker.com/go/dockerfile/rule/\(slug)/"
        return d
    }
}
