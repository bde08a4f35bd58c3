/// GNU's message layout, as hadolint's `gnu` writes it: `dockerlings:FILE:LINE: CODE level:
/// message`, a line per finding (no column, so a pattern written for hadolint's lines reads ours).
enum GNUReport {
    static func render(_ results: [LintResult]) -> String {
        var out = ""
        for f in results.flatMap(\.findings) {
            out += "dockerlings:\(f.file):\(f.line): \(f.code) \(f.severity.rawValue): \(f.message)\n"
        }
        return out
    }
}
