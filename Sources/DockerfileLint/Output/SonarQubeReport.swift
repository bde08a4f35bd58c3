/// SonarQube's generic issue import, `{"issues": [...]}`, with hadolint's severities and
/// types. The text range is the finding's words (Sonar counts columns from 0, end excluded),
/// where hadolint gives the line's first character.
enum SonarQubeReport {
    static func severityAndType(_ s: Severity) -> (String, String) {
        switch s {
        case .error: ("CRITICAL", "BUG")
        case .warning: ("MAJOR", "CODE_SMELL")
        case .info: ("MINOR", "CODE_SMELL")
        default: ("INFO", "CODE_SMELL")
        }
    }

    static func render(_ results: [LintResult]) -> String {
        let issues = results.flatMap(\.findings).map { f -> String in
            let at = Span(f)
            let (severity, type) = severityAndType(f.severity)
            return JSONText.object([
                ("engineId", JSONText.string("dockerlings")),
                ("primaryLocation", JSONText.object([
                    ("filePath", JSONText.string(f.file)),
                    ("message", JSONText.string(f.message)),
                    ("textRange", JSONText.object([
                        ("endColumn", String(max(1, at.endColumn - 1))), ("endLine", String(at.endLine)),
                        ("startColumn", String(max(0, at.column - 1))), ("startLine", String(at.line)),
                    ])),
                ])),
                ("ruleId", JSONText.string(f.code)),
                ("severity", JSONText.string(severity)),
                ("type", JSONText.string(type)),
            ])
        }
        return JSONText.object([("issues", JSONText.array(issues))]) + "\n"
    }
}
