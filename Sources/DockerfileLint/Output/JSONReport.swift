/// hadolint's `--format json`: one flat array over all files, each finding at the start of
/// its words (hadolint's shape; its `column` is always 1, ours is where the words begin).
enum JSONReport {
    static func render(_ results: [LintResult]) -> String {
        let items = results.flatMap { r in
            r.findings.map { f in
                JSONText.object([
                    ("code", JSONText.string(f.code)),
                    ("column", String(f.location.start.column)),
                    ("file", JSONText.string(f.file)),
                    ("level", JSONText.string(f.severity.rawValue)),
                    ("line", String(f.location.start.line)),
                    ("message", JSONText.string(f.message)),
                ])
            }
        }
        return JSONText.array(items) + "\n"
    }
}
