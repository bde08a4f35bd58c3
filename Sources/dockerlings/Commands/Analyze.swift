import ArgumentParser
import Course
import DockerEngine
import DockerfileSyntax
import Foundation
import ImageAnalysis

struct Analyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show what each layer of an image adds, and what it wastes.",
        discussion: """
            Reads the image's layers exactly as `docker save` would write them and \
            reports each layer's size, the largest files, and the bytes a layer added that a \
            later layer deleted or overwrote: waste that a multi-stage build or a cleanup in \
            the same RUN would avoid. Efficiency and wasted bytes follow dive's definitions, \
            and --ci applies dive's gates under dive's names (exit 1 when one fails).

            Where the layers come from (--source): with a local engine on its unix socket \
            whose data directory you may read (root), `auto` reads the engine's layer store \
            directly: the same bytes an export would carry, without waiting for the daemon to \
            write the archive. Otherwise, or with `--source archive`, the `docker save` archive \
            is streamed in (nothing unpacked to disk). The report says which was used and why.

            Examples:
              dockerlings analyze myapp:latest
              dockerlings analyze --archive image.tar --format json
              dockerlings analyze myapp:latest --dockerfile Dockerfile --ci --lowestEfficiency 0.95
              dockerlings analyze myapp:latest --source archive
            """)

    @Argument(help: "The image to analyse (name, tag or id).")
    var image: String?

    @Option(help: "Analyse a `docker save` archive instead of an image in the engine.")
    var archive: String?

    @Option(help: "text or json.")
    var format: TextOrJSON = .text

    @Option(help: "Where to read the image: auto (the engine's layer store when readable, else the archive), archive, or layer-store.")
    var source: AnalysisSource = .automatic

    @Flag(help: "Apply dive's CI gates and exit 1 if one fails.")
    var ci = false

    @Option(name: .customLong("lowestEfficiency"), help: "Fail below this efficiency (0..1, or 'disabled'). dive's default: 0.9.")
    var lowestEfficiency = "0.9"

    @Option(name: .customLong("highestWastedBytes"), help: "Fail above this many wasted bytes (e.g. 20MB, or 'disabled'). Default: disabled.")
    var highestWastedBytes = "disabled"

    @Option(name: .customLong("highestUserWastedPercent"), help: "Fail above this ratio of wasted to non-base bytes (0..1, or 'disabled'). dive's default: 0.1.")
    var highestUserWastedPercent = "0.1"

    @Option(help: "The Dockerfile the image was built from, to name the line each layer came from.")
    var dockerfile: String?

    func validate() throws {
        if (image == nil) == (archive == nil) {
            throw ValidationError("Give an image name or --archive FILE (one of them).")
        }
        if archive != nil && source != .automatic {
            throw ValidationError("--source chooses how an image in the engine is read; --archive FILE is read as it is.")
        }
    }

    func run() async throws {
        guard let efficiencyGate = CIGates.parseRatio(lowestEfficiency) else {
            throw ValidationError("--lowestEfficiency must be a ratio like 0.9 or 'disabled', not \(lowestEfficiency).")
        }
        guard let wastedGate = CIGates.parseBytes(highestWastedBytes) else {
            throw ValidationError("--highestWastedBytes must be a size like 20MB or 'disabled', not \(highestWastedBytes).")
        }
        guard let userWastedGate = CIGates.parseRatio(highestUserWastedPercent) else {
            throw ValidationError("--highestUserWastedPercent must be a ratio like 0.1 or 'disabled', not \(highestUserWastedPercent).")
        }
        let instructions = try dockerfile.map { try DockerfileLines.read(path: $0) } ?? []
        let analysis: ImageAnalysis
        do {
            if let archive {
                let file = try FileDescriptorSource(path: archive)
                analysis = try ImageAnalyzer.analyze(file, name: archive, instructions: instructions)
            } else {
                var client = try DockerClient()
                client.analysisSource = source
                analysis = try await client.analyze(image: image ?? "", instructions: instructions)
            }
        } catch let error as DockerError {
            throw reportFailure(error.description)
        } catch let error as ImageAnalysisError {
            throw reportFailure(error.description)
        }
        let report = analysis.report
        let gates = ci ? CIGates(lowestEfficiency: efficiencyGate, highestWastedBytes: wastedGate,
                                 highestUserWastedPercent: userWastedGate).evaluate(report) : []
        switch format {
        case .json:
            struct Output: Encodable { var report: ImageReport; var gates: [CIGates.Result] }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            // The report's fields at the top level, plus the gates.
            var object = try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any] ?? [:]
            if ci { object["gates"] = try JSONSerialization.jsonObject(with: encoder.encode(gates)) }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        case .text:
            print(AnalyzeText.render(report, gates: gates))
        }
        if gates.contains(where: { $0.status == "fail" }) { throw ExitCode(1) }
    }
}

/// Prints a typed error's advice to stderr; exit status 2 means "could not analyse".
func reportFailure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    return ExitCode(2)
}

/// The text report: a table of layers, the largest files, waste by instruction, gates.
enum AnalyzeText {
    static func render(_ report: ImageReport, gates: [CIGates.Result]) -> String {
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

/// A Dockerfile's instructions with their lines, for pairing with an image's layers.
enum DockerfileLines {
    static func read(path: String) throws -> [SourceInstruction] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("Cannot read the Dockerfile \(path): check the path.")
        }
        do {
            return SourceLines.instructions(try Dockerfile.parse([UInt8](data)))
        } catch {
            throw ValidationError("The Dockerfile \(path) cannot be parsed: \(error)")
        }
    }
}

extension AnalysisSource: ExpressibleByArgument {}
