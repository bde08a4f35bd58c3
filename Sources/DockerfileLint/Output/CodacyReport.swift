/// Codacy's tool results: a {filename, line, message, patternId} document per finding.
/// hadolint runs them together on one line; here each ends its own line, which a reader of
/// concatenated JSON reads the same and a reader by lines reads at all.
enum CodacyReport {
    static func render(_ results: [LintResult]) -> String {
        results.flatMap(\.findings).map { f in
            JSONText.object([
                ("filename", JSONText.string(f.file)),
                ("line", String(f.line)),
                ("message", JSONText.string(f.message)),
                ("patternId", JSONText.string(f.code)),
            ]) + "\n"
        }.joined()
    }
}
