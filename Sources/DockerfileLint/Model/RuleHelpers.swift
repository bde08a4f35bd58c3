import DockerfileSyntax

/// What a rule says about one instruction or one command: where exactly (nil: the
/// instruction), a message for this occurrence (nil: the rule's), and how to fix it.
struct Report: Sendable {
    var span: SourceRange?
    var message: String?
    var suggestion: Suggestion?
    /// False: the finding names no words at all, only the instruction's line (BuildKit's
    /// checks, which report a line), so nothing is underlined and the column is 1.
    var namesWords = true

    init(span: SourceRange? = nil, message: String? = nil, suggestion: Suggestion? = nil) {
        self.span = span
        self.message = message
        self.suggestion = suggestion
    }

    /// Found, with nothing more to say.
    static let here = Report()

    /// Found, on the instruction's line and no narrower.
    static let line: Report = { var r = Report(); r.namesWords = false; return r }()

    /// On the instruction's line only (BuildKit's placement), with how to fix it there.
    static func line(_ suggestion: Suggestion) -> Report {
        var r = Report.line
        r.suggestion = suggestion
        return r
    }

    /// `line` with advice for that line.
    static func line(advice: String) -> Report { line(.advice(advice)) }

    /// Where the violation points: the words named, the instruction, or its line only.
    func span(or instruction: SourceRange) -> SourceRange? {
        namesWords ? span ?? instruction : nil
    }
}

/// The rule helper (SwiftLint's shape): a rule names what it looks at and says what is wrong
/// with one of them; walking the items, anchoring on hadolint's line and collecting the
/// violations happens here, once.
extension LintContext {
    /// One violation per item named one of `names` (any item when empty) for which `check`
    /// reports. ONBUILD triggers are included when `onbuild`.
    func report(_ names: Set<String> = [], onbuild: Bool = false, _ check: (InstructionItem) -> Report?) -> [Violation] {
        report(names, onbuild: onbuild) { _, item in check(item) }
    }

    /// `report`, also passing each item's position in `items` (for "before this one").
    func report(_ names: Set<String> = [], onbuild: Bool = false, _ check: (Int, InstructionItem) -> Report?) -> [Violation] {
        var out: [Violation] = []
        for (k, item) in items.enumerated() where (names.isEmpty || names.contains(item.name)) && (onbuild || !item.isOnbuild) {
            guard let r = check(k, item) else { continue }
            out.append(Violation(line: item.line, r.message, span: r.span(or: item.span), suggestion: r.suggestion))
        }
        return out
    }

    /// `report` for a yes/no question about each item.
    func flag(_ names: Set<String> = [], onbuild: Bool = false, where predicate: (InstructionItem) -> Bool) -> [Violation] {
        report(names, onbuild: onbuild) { predicate($0) ? .here : nil }
    }

    /// One violation per RUN with at least one command `check` reports on (hadolint reports
    /// a RUN once). The span is the first such command's; the suggestion fixes every such
    /// command, or is the first one's advice when some command has no rewrite.
    func reportCommands(onbuild: Bool, _ check: (CommandSite) -> Report?) -> [Violation] {
        var out: [Violation] = []
        for (k, item) in items.enumerated() where item.name == "run" && (onbuild || !item.isOnbuild) {
            var reports: [Report] = []
            for command in scripts[k].commands {
                if let r = check(CommandSite(item: item, command: command, origin: scriptOrigins[k])) { reports.append(r) }
            }
            guard let first = reports.first else { continue }
            out.append(Violation(line: item.line, first.message, span: first.span(or: item.span),
                                 suggestion: Suggestion.merging(reports.compactMap(\.suggestion), expected: reports.count)))
        }
        return out
    }

    /// Per-command rule helper: one violation per RUN whose commands match `predicate`,
    /// pointing at the first matching command.
    func flagRuns(onbuild: Bool, where predicate: (ScriptCommand) -> Bool) -> [Violation] {
        reportCommands(onbuild: onbuild) { predicate($0.command) ? Report(span: $0.span) : nil }
    }
}

extension Suggestion {
    /// One suggestion for several commands of a RUN: all edits when every command has a
    /// rewrite (safe only if each is), else the first one's words as advice.
    static func merging(_ parts: [Suggestion], expected: Int) -> Suggestion? {
        guard let first = parts.first else { return nil }
        if parts.count == 1 { return first }
        guard parts.count == expected, parts.allSatisfy(\.isRewrite) else { return .advice(first.message) }
        let safe = parts.allSatisfy { $0.applicability == .safe }
        return Suggestion(first.message, edits: parts.flatMap(\.edits), safe ? .safe : .unsafe)
    }
}

/// Where a RUN's script text was written, to turn offsets in it into file positions.
enum ScriptOrigin: Sendable {
    /// Not known (exec form, several heredocs).
    case unknown
    /// At this scalar offset of the instruction's logical line (`raw.original`).
    case inline(Int)
    /// The body of the RUN's one heredoc, whose first line is this file line.
    case heredoc(firstLine: Int)

    static func of(_ item: InstructionItem, script: String) -> ScriptOrigin {
        let node = item.node
        if node.isJSON || script.isEmpty { return .unknown }
        if node.heredocs.count == 1, script == node.heredocs[0].content {
            let raw = item.raw
            return .heredoc(firstLine: (raw.pieces.last?.line ?? raw.range.start.line) + 1)
        }
        guard node.heredocs.isEmpty || script == node.arguments.first else { return .unknown }
        // The command text ends the logical line (only trailing blanks may follow).
        let line = Array(item.raw.original.unicodeScalars)
        var end = line.count
        while end > 0, line[end - 1] == " " || line[end - 1] == "\t" || line[end - 1] == "\r" { end -= 1 }
        let text = Array(script.unicodeScalars)
        guard text.count <= end, line[(end - text.count)..<end].elementsEqual(text) else { return .unknown }
        return .inline(end - text.count)
    }

    func position(_ offset: Int, in item: InstructionItem) -> SourcePosition? {
        switch self {
        case .unknown: return nil
        case .inline(let base): return item.raw.position(ofOffset: base + offset)
        case .heredoc(let firstLine):
            let body = item.node.heredocs[0].content.unicodeScalars
            var line = firstLine, column = 1, k = 0
            for c in body {
                if k == offset { break }
                if c == "\n" { line += 1; column = 1 } else { column += 1 }
                k += 1
            }
            return SourcePosition(line: line, column: column)
        }
    }
}

/// One command of one RUN and where it was written: what per-command rules look at.
struct CommandSite {
    let item: InstructionItem
    let command: ScriptCommand
    let origin: ScriptOrigin

    func span(_ r: Range<Int>?) -> SourceRange? {
        guard let r, let start = origin.position(r.lowerBound, in: item),
              let end = origin.position(r.upperBound, in: item) else { return nil }
        return SourceRange(start: start, end: end)
    }

    /// The whole command, name to last argument.
    var span: SourceRange? { span(command.commandRange) }

    /// The first argument equal to one of `values` (as the rules see it, quotes removed).
    func span(ofArgument values: String...) -> SourceRange? {
        guard let k = command.arguments.firstIndex(where: { values.contains($0) }) else { return nil }
        return span(command.range(ofArgument: k))
    }

    func span(ofArgumentAt k: Int) -> SourceRange? { span(command.range(ofArgument: k)) }

    /// Inserts ` text` right after the first argument equal to `value` (`install`).
    func insertion(_ text: String, after value: String) -> TextEdit? {
        guard let s = span(ofArgument: value) else { return nil }
        return .insert(" " + text, at: s.end)
    }

    /// Inserts ` text` right after the command's name.
    func insertionAfterName(_ text: String) -> TextEdit? {
        guard let r = command.wordRanges.first, let s = span(r) else { return nil }
        return .insert(" " + text, at: s.end)
    }
}

extension InstructionItem {
    /// The instruction as written: from its keyword to the end of its first line (hadolint's
    /// place, the fallback when a rule names no narrower words).
    var span: SourceRange {
        let r = raw.range
        let firstPieceEnd = raw.pieces.count > 1 ? raw.pieces[1].offset : raw.original.unicodeScalars.count
        var end = raw.position(ofOffset: firstPieceEnd)
        if end.line != r.start.line { end = SourcePosition(line: r.start.line, column: r.start.column + firstPieceEnd) }
        return SourceRange(start: r.start, end: end)
    }

    /// The keyword (`ADD`; for an ONBUILD trigger, the trigger's keyword).
    var keywordSpan: SourceRange {
        let keyword = node.keyword
        if isOnbuild, let r = raw.range(of: keyword, from: raw.keyword.unicodeScalars.count) { return r }
        let start = raw.range.start
        return SourceRange(start: start, end: SourcePosition(line: start.line, column: start.column + keyword.unicodeScalars.count))
    }

    /// The first occurrence of `text` after the keyword, as written.
    func span(of text: String) -> SourceRange? {
        raw.range(of: text, from: raw.keyword.unicodeScalars.count)
    }

    /// Where `text` ends the instruction's logical line (trailing blanks aside): the shell
    /// text of a CMD or RUN as written.
    func span(ofTrailing text: String) -> SourceRange? {
        let line = Array(raw.original.unicodeScalars)
        var end = line.count
        while end > 0, line[end - 1] == " " || line[end - 1] == "\t" || line[end - 1] == "\r" { end -= 1 }
        let t = Array(text.unicodeScalars)
        guard !t.isEmpty, t.count <= end, line[(end - t.count)..<end].elementsEqual(t) else { return nil }
        return SourceRange(start: raw.position(ofOffset: end - t.count), end: raw.position(ofOffset: end))
    }
}

/// One RUN with its commands and where it was written: what per-RUN rules look at.
struct RunSite {
    let item: InstructionItem
    let script: RunScript
    let origin: ScriptOrigin

    var commands: [ScriptCommand] { script.commands }

    func site(_ command: ScriptCommand) -> CommandSite { CommandSite(item: item, command: command, origin: origin) }

    /// Where the script's last command ends (to append `&& …` to the RUN), when the RUN is
    /// one plain line of shell: no heredoc, no comment, nothing that would swallow it.
    var appendPoint: SourcePosition? {
        guard case .inline = origin, item.node.heredocs.isEmpty,
              let end = commands.compactMap({ $0.commandRange?.upperBound }).max() else { return nil }
        let text = item.node.arguments.first ?? ""
        let tail = text.unicodeScalars.dropFirst(end)
        // Only blanks may follow the last word: no `#`, `;`, `&`, `|`, `)`, `}`, redirection.
        guard tail.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }), !text.contains("#") else { return nil }
        return origin.position(end, in: item)
    }
}

extension LintContext {
    /// One violation per RUN for which `check` reports (the RUN-level counterpart of
    /// `reportCommands`, for rules that compare commands: "update without cleanup").
    func reportRuns(onbuild: Bool, _ check: (RunSite) -> Report?) -> [Violation] {
        var out: [Violation] = []
        for (k, item) in items.enumerated() where item.name == "run" && (onbuild || !item.isOnbuild) {
            guard let r = check(RunSite(item: item, script: scripts[k], origin: scriptOrigins[k])) else { continue }
            out.append(Violation(line: item.line, r.message, span: r.span(or: item.span), suggestion: r.suggestion))
        }
        return out
    }
}

extension CommandSite {
    /// The first argument matching `predicate`, its text and span: the package a pin rule
    /// is about.
    func firstArgument(where predicate: (String) -> Bool) -> (text: String, span: SourceRange?)? {
        guard let k = command.arguments.firstIndex(where: predicate) else { return nil }
        return (command.arguments[k], span(command.range(ofArgument: k)))
    }

    /// A report on the first operand among `operands` (the unpinned package), with advice on
    /// how to find its version; falls back to the whole command.
    func unpinned(_ operands: [String], lookUp: (String) -> String) -> Report {
        let target = operands.first
        let hit = target.flatMap { t in firstArgument { $0 == t } }
        let advice = target.map { lookUp($0) } ?? "pin each package to the version you tested"
        return Report(span: hit?.span ?? span, suggestion: .advice(advice))
    }
}

extension LintContext {
    /// The span of `word` written after `previous` in an instruction's line (`as` after
    /// the image of a FROM).
    func spanOfWord(_ word: String, after previous: String, in item: InstructionItem) -> SourceRange? {
        guard let p = item.span(of: previous) else { return nil }
        let line = Array(item.raw.original.unicodeScalars)
        // Scalar offset of `previous` in the logical line, from its position.
        var start = 0
        for k in 0..<line.count where item.raw.position(ofOffset: k) == p.end { start = k; break }
        guard let r = item.raw.range(of: word, from: start) else { return nil }
        return r
    }
}

extension LintContext {
    /// One violation per stage for which `check` reports, anchored on its FROM.
    func reportStages(_ check: (StageInfo, InstructionItem) -> Report?) -> [Violation] {
        stages.compactMap { s in
            let from = items[s.itemIndex]
            guard let r = check(s, from) else { return nil }
            return Violation(line: s.line, r.message, span: r.span(or: from.span), suggestion: r.suggestion)
        }
    }

    /// `reportStages` for a yes/no question, pointing at the image.
    func flagStages(where predicate: (StageInfo) -> Bool) -> [Violation] {
        reportStages { s, from in predicate(s) ? Report(span: from.span(of: s.imageText)) : nil }
    }
}

extension InstructionItem {
    /// The `--name=…` flag as written.
    func span(ofFlag name: String) -> SourceRange? {
        guard let r = raw.range(of: "--\(name)=") else { return nil }
        let line = Array(raw.original.unicodeScalars)
        var offset = 0
        for k in 0..<line.count where raw.position(ofOffset: k) == r.start { offset = k; break }
        var end = offset
        while end < line.count, line[end] != " ", line[end] != "\t" { end += 1 }
        return SourceRange(start: r.start, end: raw.position(ofOffset: end))
    }
}

/// Advice for finding the tag or version to write, shared by the base-image rules.
enum LookUp {
    static func tag(_ image: String) -> Suggestion {
        .advice("pick the tag you tested: `docker image ls \(image)` lists the ones you have, the registry lists the rest (`skopeo list-tags docker://\(image)`); then write `\(image):TAG`")
    }
}

extension RunSite {
    /// Appends a cleanup command to the RUN: safe when no later RUN of the file mentions
    /// `tool` (which may expect what is cleaned), advice when the RUN cannot take it.
    func cleanup(_ command: String, tool: String, in c: LintContext, at span: SourceRange?) -> Report {
        guard let end = appendPoint else { return Report(span: span, suggestion: .advice("end this RUN with `&& \(command)`")) }
        let later = c.items.contains { $0.index > item.index && $0.name == "run" && UTF8Search.contains($0.commandText, tool) }
        return Report(span: span, suggestion: Suggestion("end the RUN with `&& \(command)`", edits: [.insert(" && \(command)", at: end)],
                                                         later ? .unsafe : .safe))
    }
}
