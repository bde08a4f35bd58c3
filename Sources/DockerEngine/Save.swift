import Foundation
import ImageAnalysis

extension DockerClient {
    /// Streams `docker save IMAGE` into the analyser: one pass over the pipe, nothing
    /// written to disk.
    public func analyze(image reference: String, instructions: [SourceInstruction] = [],
                        timeout: Duration? = nil) async throws -> ImageAnalysis {
        let result = AnalysisBox()
        let output = try await execute(["save", reference], timeout: timeout, operation: "docker save",
                                       consumeStdout: { source in
            // Kept, not thrown: if `docker save` itself failed, its error is the one to report.
            do { result.value = try ImageAnalyzer.analyze(source, name: reference, instructions: instructions) }
            catch { result.error = error }
        })
        guard output.status == 0 else {
            let text = output.stderrText
            if text.contains("No such image") || text.contains("reference does not exist") {
                throw DockerError.notFound(what: "image \(reference)")
            }
            throw DockerError.commandFailed(command: "docker save \(reference)", status: output.status, output: text)
        }
        if let error = result.error { throw error }
        guard let analysis = result.value else {
            throw DockerError.commandFailed(command: "docker save \(reference)", status: 0, output: "no archive came out")
        }
        return analysis
    }

    /// Streams `docker save IMAGE` to any reader (e.g. a benchmark that only counts bytes).
    public func save(image reference: String, timeout: Duration? = nil, into consumer: @escaping @Sendable (ByteSource) throws -> Void) async throws {
        let output = try await execute(["save", reference], timeout: timeout, operation: "docker save", consumeStdout: consumer)
        guard output.status == 0 else {
            throw DockerError.commandFailed(command: "docker save \(reference)", status: output.status, output: output.stderrText)
        }
    }
}

private final class AnalysisBox: @unchecked Sendable { var value: ImageAnalysis?; var error: Error? }
