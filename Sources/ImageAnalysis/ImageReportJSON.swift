import Foundation

/// The analyser's report as JSON: the report's fields at the top level (sorted keys, slashes
/// unescaped) and, when the CI gates were applied, a `gates` array.
public enum ImageReportJSON {
    public static func render(_ report: ImageReport, gates: [CIGates.Result]?) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var object = try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any] ?? [:]
        if let gates { object["gates"] = try JSONSerialization.jsonObject(with: encoder.encode(gates)) }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
