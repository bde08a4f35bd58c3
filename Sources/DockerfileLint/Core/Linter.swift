import DockerfileSyntax

/// The result of linting one file.
public struct LintResult: Sendable {
    public var file: String
    public var findings: [Finding]
    /// The source lines, for formatters that show context.
    public var lines: [Substring]
    /// The parsed file, when it parsed (dropped by `LintSession` once it is no longer needed).
    public var context: LintContext?
    /// The ignore pragmas, for findings merged in later (ShellCheck's).
    var pragmas = Pragmas()
}

/// Runs the catalogue over Dockerfiles. A value type with no state between files, so one
/// linter can be used from several threads.
public struct Linter: Sendable {
    public var configuration: LintConfiguration
    let rules: [any Rule]
    let descriptions: [RuleDescription]

    public init(configuration: LintConfiguration = LintConfiguration(), rules: [any Rule.Type] = RuleCatalogue.all) {
        self.configuration = configuration
        let active = rules.filter { RuleCatalogue.isActive($0.description, configuration) }
        self.rules = active.map { $0.init() }
        self.descriptions = active.map { $0.description }
    }

    /// Lints one file's bytes. Never throws: a file that does not parse gives DL1000.
    /// `buildContext` says where the build context is; its `.dockerignore` is read only
    /// when the file has an ADD or COPY.
    public func lint(_ bytes: [UInt8], file: String, buildContext: BuildContextSource? = nil) -> LintResult {
        applyRules(to: prepare(bytes, file: file, buildContext: buildContext))
    }

    /// A file parsed and ready for the rules, or already judged (it does not parse).
    enum Prepared {
        case judged(LintResult)
        /// The context holds the file's name, lines and parse.
        case parsed(LintContext)

        var context: LintContext? {
            if case .parsed(let context) = self { return context }
            return nil
        }
    }

    /// The first half of `lint`: reads and parses, so that what needs only the parse (the
    /// ShellCheck scripts) can start before the rules run.
    func prepare(_ bytes: [UInt8], file: String, buildContext: BuildContextSource? = nil) -> Prepared {
        let source = String(decoding: bytes, as: UTF8.self)
        let lines = source.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        /// The file judged by DL1000 alone.
        func doesNotParse(_ message: String, line: Int) -> Prepared {
            let f = finalize([Finding(code: ParseFailureRule.description.code, severity: .error, message: message,
                                      range: SourceRange(lines: line, line), file: file)], pragmas: Pragmas())
            return .judged(LintResult(file: file, findings: f, lines: lines, context: nil))
        }
        let parsed: ParsedDockerfile
        do {
            parsed = try DockerfileParser.parse(bytes)
        } catch {
            // An unterminated heredoc runs to the end of the file; hadolint reports it there.
            var line = error.range?.start.line ?? 1
            if error.message.contains("unterminated heredoc") { line = max(line, lines.count - (lines.last?.isEmpty == true ? 1 : 0)) }
            return doesNotParse("The Dockerfile does not parse: \(error.message)", line: line)
        }
        if let failure = HadolintParseCompatibility.failure(in: parsed, lines: lines) {
            return doesNotParse(failure.message, line: failure.line)
        }
        var dockerignore: DockerIgnore?
        if let buildContext, parsed.instructions.contains(where: { $0.kind == .copy || $0.kind == .add }) {
            dockerignore = buildContext.load()
        }
        return .parsed(LintContext(file: file, lines: lines, parsed: parsed, configuration: configuration, dockerignore: dockerignore))
    }

    /// The second half of `lint`: runs the rules over a parsed file.
    func applyRules(to prepared: Prepared) -> LintResult {
        let context: LintContext
        switch prepared {
        case .judged(let result): return result
        case .parsed(let c): context = c
        }
        let file = context.file, lines = context.lines
        let pragmas = configuration.disableIgnorePragma ? Pragmas() : Pragmas(lines: lines, parsed: context.parsed)
        var findings: [Finding] = []
        for (rule, description) in zip(rules, descriptions) {
            do {
                for v in try rule.check(context) {
                    findings.append(Finding(code: description.code, severity: description.severity,
                                            message: v.message ?? description.message, range: v.range, file: file,
                                            span: v.span, suggestion: v.suggestion))
                }
            } catch {
                findings.append(Finding(
                    code: "DLINTERNAL", severity: .error,
                    message: "rule \(description.code) failed internally (\(error)); the other rules still ran",
                    range: SourceRange(lines: 1, 1), file: file))
            }
        }
        if configuration.severity(for: "DL1001", default: .ignore) != .ignore {
            for line in pragmas.inlineLines {
                findings.append(Finding(code: "DL1001", severity: .ignore, message: PragmaCommentRule.description.message,
                                        range: SourceRange(lines: line, line), file: file,
                                        suggestion: .advice("keep it only with a comment saying why the rule does not apply here; otherwise fix what it silences and remove it")))
            }
        }
        var result = LintResult(file: file, findings: finalize(findings, pragmas: pragmas), lines: lines, context: context)
        result.pragmas = pragmas
        return result
    }

    /// Adds findings from elsewhere (ShellCheck) under the same pragmas and settings.
    public func merge(_ extra: [Finding], into result: inout LintResult) {
        guard !extra.isEmpty else { return }
        let pragmas = configuration.disableIgnorePragma ? Pragmas() : result.pragmas
        result.findings = finalize(result.findings + extra, pragmas: pragmas, alreadyFinal: Set(result.findings))
    }

    /// Applies severity overrides, ignores and pragmas, and sorts by line (stable).
    func finalize(_ findings: [Finding], pragmas: Pragmas, alreadyFinal: Set<Finding> = []) -> [Finding] {
        var out: [Finding] = []
        out.reserveCapacity(findings.count)
        for var f in findings {
            if !alreadyFinal.contains(f) {
                f.severity = configuration.severity(for: f.code, default: f.severity)
                if f.severity == .ignore || configuration.ignored.contains(f.code) { continue }
                if pragmas.isIgnored(code: f.code, line: f.line) { continue }
            }
            out.append(f)
        }
        return out.enumerated().sorted { a, b in
            a.element.line != b.element.line ? a.element.line < b.element.line : a.offset < b.offset
        }.map(\.element)
    }
}
