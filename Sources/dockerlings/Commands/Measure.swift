import ArgumentParser
import DockerEngine
import Foundation
import ImageAnalysis

struct Measure: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Build a Dockerfile and report the image's size and layers (against a baseline).",
        discussion: """
            Builds the Dockerfile with the docker CLI (its folder is the build context), then \
            measures the image the same way whatever the engine's storage driver: the sum of \
            the files in its uncompressed layers. With --baseline it builds the other \
            Dockerfile too and prints how much smaller (or larger) yours is.

            Example:
              dockerlings measure Dockerfile --baseline naive.Dockerfile
            """)

    @Argument(help: "The Dockerfile to build.")
    var dockerfile: String

    @Option(help: "A second Dockerfile to compare against (built from its own folder).")
    var baseline: String?

    @Flag(help: "Build with --network none (no downloads during RUN).")
    var networkNone = false

    @Option(help: "Stop a build after this many seconds.")
    var timeout: Double = 600

    @Flag(help: "Keep the measured images (they are removed by default).")
    var keep = false

    func run() async throws {
        let client: DockerClient
        do {
            client = try DockerClient(session: "measure-\(UUID().uuidString.prefix(8).lowercased())")
        } catch let error as DockerError { throw reportFailure(error.description) }
        do {
            let mine = try await measure(dockerfile, client: client)
            print(line("image", dockerfile, mine))
            if let baseline {
                let theirs = try await measure(baseline, client: client)
                print(line("baseline", baseline, theirs))
                let saved = theirs.sizeBytes - mine.sizeBytes
                let percent = theirs.sizeBytes > 0 ? Double(saved) / Double(theirs.sizeBytes) * 100 : 0
                print(String(format: "reduction: %@ (%.1f%%)", formatBytes(saved), percent))
            }
            print("size measured as: \(ImageAnalyzer.sizeDefinition)")
            print("read from: \(mine.source)" + (mine.sourceNote.map { " (\($0))" } ?? ""))
        } catch let error as DockerError {
            if !keep { _ = try? await client.cleanUp() }
            throw reportFailure(error.description)
        } catch let error as ImageAnalysisError {
            if !keep { _ = try? await client.cleanUp() }
            throw reportFailure(error.description)
        }
        if !keep { _ = try? await client.cleanUp() }
    }

    private func measure(_ path: String, client: DockerClient) async throws -> ImageReport {
        let file = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw ValidationError("No Dockerfile at \(path).")
        }
        let instructions = try dockerfileInstructions(path)
        let built = try await client.build(BuildRequest(
            contextDirectory: file.deletingLastPathComponent(), dockerfile: file, networkNone: networkNone,
            timeout: .seconds(timeout), instructions: instructions))
        return try await client.analyze(image: built.imageID, instructions: instructions).report
    }

    private func line(_ label: String, _ path: String, _ report: ImageReport) -> String {
        "\(label): \(path)  size \(formatBytes(report.sizeBytes)) (\(report.sizeBytes) bytes)  layers \(report.layers.count)  "
            + String(format: "efficiency %.1f%%", report.efficiency * 100)
    }
}
