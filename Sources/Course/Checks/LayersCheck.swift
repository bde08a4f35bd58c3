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

    /// Package caches that are still in the image at the end, by the layer that wrote them
    /// and their directory. A cache a later layer deleted is not counted here: it is a
    /// deleted file like any other, which the analyser's findings already count.
    static func cacheWaste(_ analysis: ImageAnalysis) -> [Waste] {
        // path -> (layer, bytes, cache directory, rule), for cache files only.
        var present: [String: (layer: Int, bytes: Int64, place: String, rule: String)] = [:]
        for (index, layer) in analysis.layers.enumerated() {
            for entry in layer.entries {
                if entry.isWhiteout || entry.isOpaqueMarker {
                    // A whiteout deletes the path and what is under it; an opaque directory
                    // hides what earlier layers put under it.
                    let prefix = entry.path + "/"
                    for path in present.keys where (entry.isWhiteout && path == entry.path) || path.hasPrefix(prefix) {
                        if present[path]?.layer ?? index < index { present[path] = nil }
                    }
                    continue
                }
                guard entry.kind == .file, entry.size > 0,
                      let (prefix, rule) = cacheDirectories.first(where: { entry.path.hasPrefix($0.prefix) || entry.path.contains("/" + $0.prefix) }),
                      let range = entry.path.range(of: prefix) else {
                    // Any other file at that path replaces the cache file.
                    if present[entry.path] != nil { present[entry.path] = nil }
                    continue
                }
                present[entry.path] = (index, entry.size, "/" + entry.path[..<range.upperBound].dropLast(), rule)
            }
        }
        var byLayerAndPlace: [String: (layer: Int, place: String, rule: String, bytes: Int64)] = [:]
        for value in present.values {
            byLayerAndPlace["\(value.layer) \(value.place)", default: (value.layer, value.place, value.rule, 0)].bytes += value.bytes
        }
        return byLayerAndPlace.values.sorted { ($0.layer, $0.place) < ($1.layer, $1.place) }.map { item in
            let report = analysis.report.layers.indices.contains(item.layer) ? analysis.report.layers[item.layer] : nil
            return Waste(line: report?.line, instruction: report?.instruction ?? report?.createdBy ?? "layer \(item.layer)",
                         bytes: item.bytes, place: item.place, rule: item.rule)
        }
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
            let places = finding.paths.prefix(2).map(\.path).joined(separator: " and ")
            wastes.append(Waste(line: finding.line, instruction: finding.instruction, bytes: finding.bytes,
                                place: (places.isEmpty ? "files" : places) + " that a later layer deletes or overwrites", rule: nil))
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
