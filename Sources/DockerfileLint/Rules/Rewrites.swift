import DockerfileSyntax

/// Rewrites of a whole instruction that several rules share (hadolint's and BuildKit's
/// codes for the same problem must suggest the same edit, so `--fix` applies it once).
enum Rewrites {
    /// Characters a shell passes through unchanged: a command made only of these words
    /// means the same in exec form.
    static let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,")

    /// `CMD python app.py` → `CMD ["python", "app.py"]` (safe when nothing in the stage makes
    /// the shell matter); a command that needs a shell gets `["sh", "-c", "…"]`, marked unsafe.
    static func execForm(_ item: InstructionItem, in c: LintContext) -> Report {
        guard let text = item.arguments.first, item.arguments.count == 1, let span = item.span(ofTrailing: text) else {
            return Report(suggestion: .advice("write it as a JSON array: `\(item.node.keyword) [\"program\", \"arg\"]`"))
        }
        // Meant as a JSON array but not valid JSON (a missing comma, single quotes): Docker
        // runs the text as a shell command. The fix is the JSON, not a shell around it.
        if text.hasPrefix("["), text.hasSuffix("]") {
            return Report(span: span, suggestion: .advice(
                "this is meant as a JSON array but is not valid JSON (each element in double quotes, commas between), so Docker runs `\(text)` as a shell command: correct the JSON"))
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if !words.isEmpty, words.allSatisfy({ $0.allSatisfy(plain.contains) }) {
            let exec = "[" + words.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
            // A SHELL in the stage would have run it differently; an ENTRYPOINT in exec form
            // starts taking the stage's CMD as arguments.
            let stageItems = c.items(inStage: item.stage).filter { !$0.isOnbuild }
            let shell = stageItems.contains { $0.name == "shell" }
            let cmdToo = item.name == "entrypoint" && stageItems.contains { $0.name == "cmd" }
            let why = shell ? " (unsafe: the stage sets SHELL)" : cmdToo ? " (unsafe: the stage's CMD becomes its arguments)" : ""
            return Report(span: span, suggestion: Suggestion("write `\(item.node.keyword) \(exec)`\(why)",
                                                             edits: [TextEdit(span, exec)], shell || cmdToo ? .unsafe : .safe))
        }
        let exec = "[\"sh\", \"-c\", \(JSONText.string(text))]"
        return Report(span: span, suggestion: Suggestion(
            "this command needs a shell (quotes, variables, `&&`, pipes or globs): write `\(item.node.keyword) \(exec)`, or put it in a script and run that in exec form",
            edits: [TextEdit(span, exec)], .unsafe))
    }

    /// `MAINTAINER me` → `LABEL org.opencontainers.image.authors="me"` (unsafe: the image's
    /// Author field empties).
    static func maintainerLabel(_ item: InstructionItem) -> Report {
        let who = item.arguments.joined(separator: " ")
        let label = "org.opencontainers.image.authors=\"\(who)\""
        let advice = Suggestion.advice("write `LABEL \(label)`")
        guard !who.isEmpty, !who.contains(where: { "\"\\`$".contains($0) }), !item.isOnbuild,
              let args = item.span(ofTrailing: who) else { return Report(span: item.keywordSpan, suggestion: advice) }
        let whole = SourceRange(start: item.keywordSpan.start, end: args.end)
        let keyword = item.node.keyword == item.node.keyword.lowercased() ? "label" : "LABEL"
        return Report(span: item.keywordSpan, suggestion: Suggestion(
            "write `LABEL \(label)` (the image's Author field is left empty)", edits: [TextEdit(whole, "\(keyword) \(label)")], .unsafe))
    }

    /// `word` in the case of `like` (all upper, all lower, or capitalised).
    static func matchCase(_ word: String, like: String) -> String {
        if like == like.lowercased() { return word.lowercased() }
        if like == like.uppercased() { return word.uppercased() }
        return word.prefix(1).uppercased() + word.dropFirst().lowercased()
    }
}
