import Foundation
import ImageAnalysis

/// `kind: layers` — bytes a layer leaves that the image does not need: files a later layer
/// deletes or overwrites (they still ship in the earlier layer), and package caches left in
/// place. Each is tied to the Dockerfile line that made the layer and to the lint rule that
/// would have caught it. `maxWasted` (default 1MB) is how much is tolerated.
struct LayersCheck: GradingCheck {
    static let kind = "layers"
    static let phase = GradingPhase.image
    static let defaultTitle = "No layer carries wasted bytes"
    static let parameterKeys = ["maxWasted"]

    /// Where package managers keep what they downloaded, and the rule that says to clean it.
    static let cacheDirectories: [(prefix: String, rule: String)] = [
        ("var/lib/apt/lists/", "DL3009"), ("var/cache/apt/", "DL3009"), ("var/cache/apk/", "DL3019"),
        (".cache/pip/", "DL3042"), ("var/cache/yum/", "DL3032"), ("var/cache/dnf/", "DL3040"),
        ("var/cache/zypp/", "DL3036"),
    ]

    var maxWasted: Int64 = 1_000_000

    init(_ r: ManifestReader, folder: URL) throws(ManifestError) {
        maxWasted = try r.bytes("maxWasted") ?? maxWasted
    }

    struct Waste: Sendable, Equatable {
        var line: Int?
        var instruction: String
        var bytes: Int64
        var place: String
        var rule: String?

        var message: String {
            let what = instruction.count > 48 ? String(instruction.prefix(47)) + "…" : instruction
            return (line.map { "line \($0): " } ?? "") + "\(what) left \(formatBytes(bytes)) in \(place)" + (rule.map { "; see \($0)" } ?? "")
        }
    }

    /// Cache bytes per layer and directory, from the layers' own files.
    static func cacheWaste(_ analysis: ImageAnalysis) -> [Waste] {
        var out: [Waste] = []
        for (index, layer) in analysis.layers.enumerated() {
            var byPlace: [String: (bytes: Int64, rule: String)] = [:]
            for entry in layer.entries where entry.kind == .file && entry.size > 0 && !entry.isWhiteout {
                let path = entry.path.hasPrefix("/") ? String(entry.path.dropFirst()) : entry.path
                guard let (prefix, rule) = cacheDirectories.first(where: { path.hasPrefix($0.prefix) || path.contains("/" + $0.prefix) }),
                      let range = path.range(of: prefix) else { continue }
                let place = "/" + path[..<range.upperBound].dropLast()
                byPlace[place, default: (0, rule)].bytes += entry.size
            }
            let report = analysis.report.layers.indices.contains(index) ? analysis.report.layers[index] : nil
            for (place, value) in byPlace.sorted(by: { $0.key < $1.key }) where value.bytes > 0 {
                out.append(Waste(line: report?.line, instruction: report?.instruction ?? report?.createdBy ?? "layer \(index)",
                                 bytes: value.bytes, place: place, rule: value.rule))
            }
        }
        return out
    }

    func evaluate(_ context: GradingContext) async -> CheckResult {
        let analysis: ImageAnalysis
        switch await context.imageAnalysis() {
        case .failure(let failure): return .error(failure.message)
        case .success(let value): analysis = value
        }
        // The base image's own layers are not the learner's doing.
        let userLayers = Set(analysis.report.layers.filter { $0.line != nil }.map(\.index))
        var wastes = Self.cacheWaste(analysis).filter { w in w.line != nil }
        for finding in analysis.report.findings where userLayers.contains(finding.layer) {
            wastes.append(Waste(line: finding.line, instruction: finding.instruction, bytes: finding.bytes,
                                place: finding.paths.first?.path ?? "files a later layer deletes", rule: nil))
        }
        wastes.sort { $0.bytes > $1.bytes }
        let total = wastes.reduce(0) { $0 + $1.bytes }
        if total <= maxWasted {
            return .pass(total == 0 ? "no wasted bytes in your layers" : "\(formatBytes(total)) wasted (at most \(formatBytes(maxWasted)) allowed)")
        }
        return .fail("\(formatBytes(total)) wasted (at most \(formatBytes(maxWasted)) allowed)\n" + wastes.prefix(8).map(\.message).joined(separator: "\n"),
                     line: wastes.first?.line)
    }
}
