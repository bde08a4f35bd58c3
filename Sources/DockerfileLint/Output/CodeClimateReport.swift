/// Code Climate issues, in the two shapes hadolint writes: an engine's output (each issue
/// followed by a NUL byte, `codeclimate`) and GitLab's Code Quality report (one array, each
/// issue with a fingerprint, `gitlab_codeclimate`). Keys in hadolint's (sorted) order.
enum CodeClimateReport {
    /// hadolint's mapping (style ranks above info there, as `minor`).
    static func severity(_ s: Severity) -> String {
        switch s {
        case .error: "blocker"
        case .warning: "major"
        case .style: "minor"
        default: "info"
        }
    }

    /// FNV-1a 64-bit, hex: stable across runs and machines, so GitLab can tell a finding
    /// that stays from one that is new.
    static func fingerprint(_ parts: String...) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        for b in parts.joined(separator: "\u{1F}").utf8 {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func issue(_ f: Finding, fingerprinted: Bool) -> String {
        var pairs: [(String, String)] = [
            ("categories", JSONText.array([JSONText.string("Bug Risk")])),
            ("check_name", JSONText.string(f.code)),
            ("description", JSONText.string(f.message)),
        ]
        if fingerprinted {
            pairs.append(("fingerprint", JSONText.string(fingerprint(f.file, f.code, String(f.line), f.message))))
        }
        let at = Span(f)
        pairs += [
            ("location", JSONText.object([
                ("lines", JSONText.object([("begin", String(at.line)), ("end", String(at.endLine))])),
                ("path", JSONText.string(f.file)),
            ])),
            ("severity", JSONText.string(severity(f.severity))),
            ("type", JSONText.string("issue")),
        ]
        return JSONText.object(pairs)
    }

    static func engineOutput(_ results: [LintResult]) -> String {
        results.flatMap(\.findings).map { issue($0, fingerprinted: false) + "\u{0}" }.joined()
    }

    static func gitLabReport(_ results: [LintResult]) -> String {
        JSONText.array(results.flatMap(\.findings).map { issue($0, fingerprinted: true) }) + "\n"
    }
}
