/// Every rule, in the order findings on one line are reported.
public enum RuleCatalogue {
    public static let all: [any Rule.Type] = hadolint + buildkit + course

    static let hadolint: [any Rule.Type] = [
        ParseFailureRule.self, PragmaCommentRule.self,
        WorkdirAbsoluteRule.self, InteractiveCommandRule.self, LastUserRootRule.self, AvoidCdRule.self,
        SudoRule.self, UntaggedImageRule.self, LatestTagRule.self, AptPinRule.self, AptListsCleanupRule.self,
        CopyArchiveThenExtractRule.self, ExposePortRangeRule.self, MultipleHealthcheckRule.self,
        PipPinRule.self, AptYesRule.self, AptNoRecommendsRule.self, NpmPinRule.self, ApkPinRule.self,
        ApkNoCacheRule.self, AddForFilesRule.self, CopyMultipleSourcesRule.self, CopyFromUnknownStageRule.self,
        CopyFromSelfRule.self, DuplicateAliasRule.self, JSONNotationRule.self, TrustedRegistryRule.self,
        AptCommandRule.self, GemPinRule.self, FromPlatformRule.self, YumYesRule.self, YumCleanRule.self,
        YumPinRule.self, ZypperYesRule.self, ZypperDistUpgradeRule.self, ZypperCleanRule.self,
        ZypperPinRule.self, DnfYesRule.self, DnfCleanRule.self, DnfPinRule.self, PipNoCacheRule.self,
        OnbuildTriggerRule.self, EnvSelfReferenceRule.self, CopyRelativeDestinationRule.self,
        UseraddUidRule.self, WgetProgressRule.self, LabelKeyRule.self, RequiredLabelRule.self,
        StrictLabelsRule.self, EmptyLabelRule.self, LabelURLRule.self, LabelRFC3339Rule.self,
        LabelSPDXRule.self, LabelHashRule.self, LabelSemverRule.self, MissingHealthcheckRule.self,
        LabelEmailRule.self, ConsecutiveRunRule.self, YarnCacheRule.self, InstructionBeforeFromRule.self,
        GoPinRule.self, ReservedAliasRule.self, SecretNameRule.self, RedundantPlatformRule.self,
        NumericUserRule.self, CopyRootToRootRule.self, MaintainerRule.self, CurlAndWgetRule.self,
        MultipleCmdRule.self, MultipleEntrypointRule.self, LinkBinShRule.self, PipefailRule.self,
    ]

    static let buildkit: [any Rule.Type] = BuildKitRules.all
    static let course: [any Rule.Type] = CourseRules.all

    /// Whether a rule runs under a configuration: opt-in rules need their code or family
    /// named in `enabled`.
    static func isActive(_ d: RuleDescription, _ c: LintConfiguration) -> Bool {
        guard d.optIn else { return true }
        return c.enabled.contains(d.code) || c.enabled.contains(d.family.rawValue) || c.enabled.contains(d.name)
            || c.overrides[d.code] != nil
    }

    public static var descriptions: [RuleDescription] { all.map { $0.description } }

    /// A rule by code or name, case-insensitive.
    public static func description(for code: String) -> RuleDescription? {
        let key = code.lowercased()
        return descriptions.first { $0.code.lowercased() == key || $0.name.lowercased() == key }
    }
}
