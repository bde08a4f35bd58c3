import Foundation

/// The analyser's report for people: the image's size and efficiency, a table of layers, the
/// largest files, the waste by instruction and, with `--ci`, each gate's verdict.
public enum ImageReportText {
    public static func render(_ report: ImageReport, gates: [CIGates.Result]) -> String {
        var out: [String] = []
        out.append("Image: \(report.image)")
        out.append("Size: \(formatBytes(report.sizeBytes)) (\(report.sizeMeasuredAs))")
        out.append("Read from: \(report.source)" + (report.sourceNote.map { " (\($0))" } ?? ""))
        out.append(String(format: "Efficiency: %.2f%%   Wasted: %@   User wasted: %.2f%%",
                          report.efficiency * 100, formatBytes(report.wastedBytes), report.userWastedPercent * 100))
        out.append("")
        out.append(pad("LAYER", 6) + pad("SIZE", 11) + pad("LINE", 6) + "CREATED BY")
        for layer in report.layers {
            let made = layer.instruction ?? (layer.createdBy.isEmpty ? "(base)" : layer.createdBy)
            out.append(pad(String(layer.index), 6) + pad(formatBytes(layer.sizeBytes), 11)
                       + pad(layer.line.map(String.init) ?? "-", 6) + String(made.prefix(90)))
        }
        if !report.largestFiles.isEmpty {
            out.append("")
            out.append("Largest files:")
            for file in report.largestFiles.prefix(10) {
                out.append("  " + pad(formatBytes(file.sizeBytes), 11) + file.path + (file.line.map { "  (line \($0))" } ?? ""))
            }
        }
        if !report.findings.isEmpty {
            out.append("")
            out.append("Waste by instruction:")
            for finding in report.findings { out.append("  " + finding.message) }
        }
        if !gates.isEmpty {
            out.append("")
            for gate in gates {
                out.append("  \(gate.status.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0)) \(gate.rule) \(gate.message)")
            }
        }
        return out.joined(separator: "\n")
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}
