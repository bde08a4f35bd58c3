/// hadolint's `--format json`: one flat array over all files.
enum JSONReport {
    static func render(_ results: [LintResult]) -> String {
        let items = results.flatMap { r in
            r.findings.map { f in
                JSONText.object([
                    ("code", JSONText.string(f.code)),
                    ("column", String(f.column)),
                    ("file", JSONText.string(f.file)),
                    ("level", JSONText.string(f.severity.rawValue)),
                    ("line", String(f.line)),
                    ("message", JSONText.string(f.message)),
                ])
            }
        }
        return JSONText.array(items) + "\n"
    }
}
