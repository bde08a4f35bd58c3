import ArgumentParser
import DockerEngine
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
            with one difference: files hidden by a directory made again in a later layer \
            (`rm -rf DIR && mkdir DIR`, an opaque whiteout) count as wasted, where dive sees \
            none. --ci applies dive's gates under dive's names (exit 1 when one fails).

            Where the layers come from (--source): with a local engine on its unix socket \
            whose data directory you may read (root), `auto` reads the engine's layer store \
            directly: the same bytes an export would carry, without waiting for the daemon to \
            write the archive. Otherwise, or with `--source archive`, the `docker save` archive \
            is streamed in (nothing unpacked to disk). The report says which was used and why.

            Examples:
              dockerlings analyze myapp:latest
              dockerlings analyze --archive image.tar --format json
              dockerlings analyze myapp:latest --ci --lowestEfficiency 0.95
              dockerlings analyze myapp:latest --dockerfile Dockerfile
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
        _ = try gateValues()
    }

    /// The CI gates' values (nil: disabled), or a usage error naming the one that is wrong.
    private func gateValues() throws -> (Double?, Int64?, Double?) {
        guard let efficiencyGate = CIGates.parseRatio(lowestEfficiency) else {
            throw ValidationError("--lowestEfficiency must be a ratio like 0.9 or 'disabled', not \(lowestEfficiency).")
        }
        guard let wastedGate = CIGates.parseBytes(highestWastedBytes) else {
            throw ValidationError("--highestWastedBytes must be a size like 20MB or 'disabled', not \(highestWastedBytes).")
        }
        guard let userWastedGate = CIGates.parseRatio(highestUserWastedPercent) else {
            throw ValidationError("--highestUserWastedPercent must be a ratio like 0.1 or 'disabled', not \(highestUserWastedPercent).")
        }
        // A ratio past 1 (or below 0) is a gate that always or never fails: a typo for a percentage.
        for (name, text, gate) in [("--lowestEfficiency", lowestEfficiency, efficiencyGate), ("--highestUserWastedPercent", highestUserWastedPercent, userWastedGate)] {
            if let ratio = gate, !(0...1).contains(ratio) {
                throw ValidationError("\(name) is a ratio from 0 to 1 (or a percentage like 95%), not \(text).")
            }
        }
        return (efficiencyGate, wastedGate, userWastedGate)
    }

    func run() async throws {
        let (efficiencyGate, wastedGate, userWastedGate) = try gateValues()
        let instructions = try dockerfile.map(dockerfileInstructions) ?? []
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
        case .json: print(try ImageReportJSON.render(report, gates: ci ? gates : nil))
        case .text: print(ImageReportText.render(report, gates: gates))
        }
        if gates.contains(where: { $0.status == "fail" }) { throw ExitCode(1) }
    }
}

extension AnalysisSource: ExpressibleByArgument {}
