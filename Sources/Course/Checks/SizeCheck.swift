import Foundation
import ImageAnalysis

/// `kind: size` — the image against the exercise's naive baseline, built from the same
/// context (`maxFraction: 0.6`: at most 60 % of it), and/or an absolute cap (`maxBytes:
/// 250MB`). Sizes are the sum of the files in the image's layers, measured the same way
/// whatever the engine's storage driver.
struct SizeCheck: GradingCheck {
    static let kind = "size"
    static let phase = GradingPhase.image
    static let defaultTitle = "The image is small"
    static let parameterKeys = ["maxFraction", "maxBytes"]

    var maxFraction: Double?
    var maxBytes: Int64?

    init(_ r: ManifestReader, folder: URL) throws(ManifestError) {
        maxFraction = try r.double("maxFraction", range: 0.001...10)
        maxBytes = try r.bytes("maxBytes")
        if maxFraction == nil && maxBytes == nil {
            throw ManifestError(file: r.file, key: r.path, problem: "a size check needs maxFraction (of the baseline) or maxBytes")
        }
    }

    func evaluate(_ context: GradingContext) async -> CheckResult {
        let mine: ImageReport
        switch await context.imageReport() {
        case .failure(let failure): return .error(failure.message)
        case .success(let report): mine = report
        }
        var parts = ["image \(formatBytes(mine.sizeBytes))"]
        var problems: [String] = []
        if let maxFraction {
            switch await context.baselineReport() {
            case .failure(let failure): return .error(failure.message)
            case .success(let baseline):
                let ratio = baseline.sizeBytes > 0 ? Double(mine.sizeBytes) / Double(baseline.sizeBytes) : 1
                parts.append("baseline \(formatBytes(baseline.sizeBytes))")
                parts.append(String(format: "%.2f of the baseline (at most %.2f)", ratio, maxFraction))
                if ratio > maxFraction {
                    problems.append(String(format: "%.0f%% of the baseline; it must be at most %.0f%%", ratio * 100, maxFraction * 100))
                }
            }
        }
        if let maxBytes {
            parts.append("cap \(formatBytes(maxBytes))")
            if mine.sizeBytes > maxBytes { problems.append("over the cap of \(formatBytes(maxBytes)) by \(formatBytes(mine.sizeBytes - maxBytes))") }
        }
        let detail = parts.joined(separator: ", ")
        if problems.isEmpty { return .pass(detail) }
        let biggest = mine.layers.max { $0.sizeBytes < $1.sizeBytes }
        let where_ = biggest.map { l in "; the largest layer is \(formatBytes(l.sizeBytes))" + (l.line.map { " from line \($0)" } ?? "") } ?? ""
        return .fail(detail + "\n" + problems.joined(separator: "; ") + where_, line: biggest?.line)
    }
}
