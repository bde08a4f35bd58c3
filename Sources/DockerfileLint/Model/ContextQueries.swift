import DockerfileSyntax

extension LintContext {
    /// Items named `name` (top-level only unless `onbuild`).
    func items(named name: String, onbuild: Bool = false) -> [InstructionItem] {
        items.filter { $0.name == name && (onbuild || !$0.isOnbuild) }
    }

    /// hadolint's filter for "clean up" rules: the last stage, or a stage whose alias is the
    /// image of some FROM.
    func isBuiltOn(stage: Int) -> Bool {
        guard stage >= 0 else { return true }
        if stage == stages.count - 1 { return true }
        guard let alias = stages[stage].alias else { return false }
        return stages.contains { $0.imageText == alias }
    }

    /// The text after `--name=` in the instruction as written (quotes kept), for rules that
    /// must see the quoting.
    func writtenFlag(_ item: InstructionItem, _ name: String) -> String? {
        let text = item.node.original
        guard let r = text.range(of: "--\(name)=") else { return nil }
        return String(text[r.upperBound...].prefix { !$0.isWhitespace })
    }

    /// The stages before `stage` that `reference` names in BuildKit's sense: stage names
    /// ignore case (hadolint's sense, case kept, is `StageInfo.parent`).
    func stages(before stage: Int, named reference: String) -> [StageInfo] {
        let wanted = reference.lowercased()
        return stages[..<stage].filter { $0.alias?.lowercased() == wanted }
    }

    /// Aliases defined by FROMs before item position `index` (as written).
    func aliases(before itemIndex: Int) -> [String] {
        stages.filter { $0.itemIndex < itemIndex }.compactMap(\.alias)
    }

    /// Number of FROMs up to and including item position `index`.
    func fromCount(upTo itemIndex: Int) -> Int {
        stages.filter { $0.itemIndex <= itemIndex }.count
    }
}

/// Shorthand for rule descriptions.
func describe(
    _ code: String, _ name: String, _ family: RuleFamily, _ severity: Severity,
    message: String, rationale: String, fix: String,
    triggering: [RuleExample], nonTriggering: [RuleExample], optIn: Bool = false
) -> RuleDescription {
    RuleDescription(code: code, name: name, family: family, severity: severity, message: message,
                    rationale: rationale, fix: fix, triggering: triggering, nonTriggering: nonTriggering,
                    optIn: optIn)
}

extension RuleExample: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(value) }
}

/// Archive extensions hadolint treats as auto-extracted by ADD (case-sensitive).
enum Archives {
    static let extensions = [".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2",
                             ".tgz", ".tlz", ".tpz", ".txz", ".xz"]
    static func isArchive(_ path: String) -> Bool { extensions.contains { path.hasSuffix($0) } }
    static func fileName(_ path: String) -> String {
        String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(path))
    }
}
