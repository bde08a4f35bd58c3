import Foundation

/// The analyser's report as JSON: the report's fields at the top level (sorted keys, slashes
/// unescaped) and, when the CI gates were applied, a `gates` array.
public enum ImageReportJSON {
    public static func render(_ report: ImageReport, gates: [CIGates.Result]?) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(WithGates(report: report, gates: gates)), as: UTF8.self)
    }

    /// The report's own keys and `gates` beside them, in one object.
    private struct WithGates: Encodable {
        var report: ImageReport
        var gates: [CIGates.Result]?

        enum Key: String, CodingKey { case gates }

        func encode(to encoder: Encoder) throws {
            try report.encode(to: encoder)
            guard let gates else { return }
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(gates, forKey: .gates)
        }
    }
}
