import Foundation
import ImageAnalysis

extension DockerClient {
    /// Analyses an image of the engine. With `analysisSource` `.automatic` (the default) a
    /// local engine's layer store is read directly, which exports nothing (see
    /// LayerStoreLocator); otherwise, or when that store cannot be read, the image's
    /// `docker save` archive is streamed into the analyser: one pass, nothing written to disk,
    /// from the Engine API socket when the CLI would use it (`archiveSocket`), else through
    /// `docker save`. The report's `source` says which, and `sourceNote` why not the store.
    public func analyze(image reference: String, instructions: [SourceInstruction] = [],
                        timeout: Duration? = nil) async throws -> ImageAnalysis {
        var note: String?
        if analysisSource != .archive {
            switch try await analyzeFromLayerStore(reference, instructions: instructions, timeout: timeout) {
            case .success(let analysis): return analysis
            case .failure(let reason):
                if analysisSource == .layerStore { throw DockerError.layerStoreUnavailable(reason: reason.text) }
                note = "layer store not read: " + reason.text
            }
        }
        let result = AnalysisBox()
        try await save(image: reference, timeout: timeout) { source in
            result.value = try ImageAnalyzer.analyze(source, name: reference, instructions: instructions)
        }
        guard var analysis = result.value else {
            throw DockerError.commandFailed(command: "docker save \(reference)", status: 0, output: "no archive came out")
        }
        analysis.report.sourceNote = note
        return analysis
    }

    /// The layer-store path: a failure with the reason when the store cannot be used (the
    /// caller falls back or reports it); the engine's own errors (no such image) are thrown.
    private func analyzeFromLayerStore(_ reference: String, instructions: [SourceInstruction],
                                       timeout: Duration?) async throws -> Result<ImageAnalysis, LayerStoreLocator.ReadFailure> {
        guard let socket = EngineSocket.path(context: context, environment: environment) else {
            return .failure(.init(text: "the engine is not on a local unix socket (\(hostDescription))"))
        }
        let operation = "reading the layer store"
        let deadline = timeout.map { ContinuousClock.now + $0 }
        let locator = LayerStoreLocator(socket: socket, rootOverride: layerStoreRoot)
        let stop = FlagBox()
        let outcome: Result<Result<ImageAnalysis, LayerStoreLocator.ReadFailure>, Error> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Blocking file and socket reads: on a thread of their own, not the task pool's.
                Thread.detachNewThread {
                    continuation.resume(returning: Result {
                        switch locator.locate(reference) {
                        case .imageNotFound: throw DockerError.notFound(what: "image \(reference)")
                        case .unavailable(let reason): return .failure(.init(text: reason))
                        case .found(let image):
                            do {
                                return .success(try ImageAnalyzer.analyze(layerStore: image, name: reference, instructions: instructions) {
                                    if stop.isSet { throw DockerError.cancelled(operation: operation) }
                                    if let deadline, ContinuousClock.now >= deadline {
                                        throw DockerError.timedOut(operation: operation, seconds: timeout.map(Self.seconds) ?? 0)
                                    }
                                })
                            } catch let error as ImageAnalysisError {
                                return .failure(.init(text: error.description))
                            }
                        }
                    })
                }
            }
        } onCancel: {
            stop.set()
        }
        let result = try outcome.get()
        if stop.isSet { throw DockerError.cancelled(operation: operation) }
        if let deadline, ContinuousClock.now >= deadline {
            throw DockerError.timedOut(operation: operation, seconds: timeout.map(Self.seconds) ?? 0)
        }
        return result
    }

    /// Streams the image's archive to any reader (e.g. a benchmark that only counts bytes).
    /// The engine's own error (no such image, engine gone) wins over the reader's.
    public func save(image reference: String, timeout: Duration? = nil,
                     into consumer: @escaping @Sendable (ByteSource) throws -> Void) async throws {
        if let socket = archiveSocket, let connection = try? EngineAPIConnection(socketPath: socket) {
            try await saveThroughAPI(reference, connection: connection, timeout: timeout, into: consumer)
        } else {
            try await saveThroughCLI(reference, timeout: timeout, into: consumer)
        }
    }

    private func saveThroughCLI(_ reference: String, timeout: Duration?,
                                into consumer: @escaping @Sendable (ByteSource) throws -> Void) async throws {
        let consumerError = ErrorBox()
        let output = try await execute(["save", reference], timeout: timeout, operation: "docker save", consumeStdout: { source in
            // Kept, not thrown: if `docker save` itself failed, its error is the one to report.
            do { try consumer(source) } catch { consumerError.error = error }
        })
        guard output.status == 0 else { throw Self.saveFailed(reference, status: Int(output.status), message: output.stderrText, via: "docker save") }
        if let error = consumerError.error { throw error }
    }

    /// `GET /images/get?names=IMAGE` on the socket, read on a thread of its own so a timeout
    /// or the task's cancellation can abort the blocking reads.
    private func saveThroughAPI(_ reference: String, connection: EngineAPIConnection, timeout: Duration?,
                                into consumer: @escaping @Sendable (ByteSource) throws -> Void) async throws {
        let operation = "docker save"
        let timedOut = FlagBox()
        // The deadline is also checked when the read ends: on a busy machine the timer task
        // may not get to run before a fast read finishes, yet the limit was still exceeded.
        let deadline = timeout.map { ContinuousClock.now + $0 }
        let timer: Task<Void, Never>? = timeout.map { limit in
            Task.detached {
                try? await Task.sleep(for: limit)
                if !Task.isCancelled { timedOut.set(); connection.abort() }
            }
        }
        defer { timer?.cancel() }
        let outcome: Result<Void, Error> = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, Error>, Never>) in
                Thread.detachNewThread {
                    continuation.resume(returning: Result {
                        let response = try connection.get("/images/get?names=" + Self.queryEscaped(reference))
                        guard response.status == 200 else {
                            throw Self.saveFailed(reference, status: response.status, message: response.errorMessage(), via: "GET /images/get")
                        }
                        try consumer(response.body)
                    })
                }
            }
        } onCancel: {
            connection.abort()
        }
        if timedOut.isSet || deadline.map({ ContinuousClock.now >= $0 }) == true { throw DockerError.timedOut(operation: operation, seconds: timeout.map(Self.seconds) ?? 0) }
        if connection.wasAborted { throw DockerError.cancelled(operation: operation) }
        try outcome.get()
    }

    static func saveFailed(_ reference: String, status: Int, message: String, via: String) -> DockerError {
        if message.contains("No such image") || message.contains("reference does not exist") || status == 404 {
            return .notFound(what: "image \(reference)")
        }
        return .commandFailed(command: "\(via) \(reference)", status: Int32(clamping: status), output: message)
    }

    /// Percent-encodes a query value: everything but unreserved ASCII.
    static func queryEscaped(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}

private final class AnalysisBox: @unchecked Sendable { var value: ImageAnalysis? }
private final class ErrorBox: @unchecked Sendable { var error: Error? }

private final class FlagBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
