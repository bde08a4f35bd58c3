import DockerfileSyntax
import Foundation
import Testing

/// `parse --format reference-json` against the official Go parser's output beside every
/// conformance file and every corpus file. The oracle is BuildKit v0.12.5; where current
/// BuildKit (which we follow) differs, the difference is listed here with its reason.
@Suite struct ReferenceComparisonTests {
    /// File → why it differs from the v0.12.5 oracle (NOTES.md §10).
    static let knownDifferences: [String: String] = [
        "testfiles/json": "the oracle's C wrapper truncates the string containing \\u0000",
        "testfiles-heredoc/extract": "`RUN << EOF` (blank after <<) is a heredoc only in current BuildKit",
    ]

    static func compare(_ dockerfile: URL, reference: URL) throws -> [String] {
        let ours = try JSONSerialization.jsonObject(
            with: Data(ReferenceJSON.render(Fixtures.parse(dockerfile)).utf8)) as? [String: Any] ?? [:]
        let theirs = try Fixtures.json(reference) as? [String: Any] ?? [:]
        return ReferenceDiff.differences(ours: ours, theirs: theirs)
    }

    @Test func conformanceFilesAgreeWithOracle() throws {
        var mismatched: [String] = []
        var compared = 0
        for folder in ["testfiles", "testfiles-heredoc"] {
            for dir in try Fixtures.cases(in: Fixtures.parserDir.appendingPathComponent(folder)) {
                let key = "\(folder)/\(dir.lastPathComponent)"
                let diffs = try Self.compare(dir.appendingPathComponent("Dockerfile"),
                                             reference: dir.appendingPathComponent("reference.json"))
                compared += 1
                if Self.knownDifferences[key] != nil {
                    #expect(!diffs.isEmpty, "\(key) is listed as differing but now agrees: drop it from the list")
                } else if !diffs.isEmpty {
                    mismatched.append("\(key): \(diffs.prefix(3))")
                }
            }
        }
        print("reference comparison: \(compared - mismatched.count - Self.knownDifferences.count) agree, \(Self.knownDifferences.count) known differences (§10), \(mismatched.count) unexpected")
        #expect(compared == 35)
        #expect(mismatched.isEmpty, "\(mismatched)")
    }

    @Test func corpusAgreesWithOracle() throws {
        let files = try Fixtures.corpusFiles()
        #expect(files.count == 963)
        var mismatched: [String] = []
        for file in files {
            let reference = file.deletingPathExtension().appendingPathExtension("reference.json")
            let diffs = try Self.compare(file, reference: reference)
            if !diffs.isEmpty { mismatched.append("\(file.lastPathComponent): \(diffs.prefix(3))") }
        }
        print("corpus reference comparison: \(files.count - mismatched.count)/\(files.count) files agree")
        #expect(mismatched.isEmpty, "\(mismatched.prefix(10))")
    }
}

/// Field-by-field comparison of two reference-json documents.
enum ReferenceDiff {
    static let fields = ["cmd", "sub_cmd", "json", "original", "start_line", "end_line", "flags", "value", "heredocs"]

    /// `skippingOnbuildHeredocs`: the wrapper drops heredocs of ONBUILD lines (NOTES §10).
    static func differences(ours: [String: Any], theirs: [String: Any], skippingOnbuildHeredocs: Bool = false) -> [String] {
        let okOurs = ours["ok"] as? Bool, okTheirs = theirs["ok"] as? Bool
        guard okOurs == okTheirs else { return ["ok: ours \(String(describing: okOurs)) theirs \(String(describing: okTheirs)) (\(theirs["error"] ?? ours["error"] ?? ""))"] }
        guard okTheirs == true else { return [] }
        let a = ours["instructions"] as? [[String: Any]] ?? []
        let b = theirs["instructions"] as? [[String: Any]] ?? []
        guard a.count == b.count else { return ["instruction count: ours \(a.count) theirs \(b.count)"] }
        var out: [String] = []
        for (index, (x, y)) in zip(a, b).enumerated() {
            for field in fields {
                if skippingOnbuildHeredocs, field == "heredocs", y["sub_cmd"] is String { continue }
                // The wrapper drops an ONBUILD trigger's own flags; it reports the ONBUILD's.
                let lhs = normalize(x[field]), rhs = normalize(y[field])
                if lhs != rhs { out.append("#\(index) \(field): ours \(lhs) theirs \(rhs)") }
            }
        }
        return out
    }

    /// The wrapper reports empty strings as null.
    static func normalize(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "\"\""
        case let list as [Any]: return "[" + list.map { normalize($0) }.joined(separator: ",") + "]"
        case let dict as [String: Any]:
            return "{" + dict.keys.sorted().map { "\($0):\(normalize(dict[$0]))" }.joined(separator: ",") + "}"
        case let s as String: return "\"\(s)\""
        case let n as NSNumber: return n.stringValue
        default: return "\(value!)"
        }
    }
}
