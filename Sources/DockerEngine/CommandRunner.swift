import Foundation
import ImageAnalysis
import SystemSupport

/// Which output stream a line came from.
public enum OutputStream: String, Sendable { case stdout, stderr }

/// What a finished docker command left behind.
struct CommandOutput: Sendable {
    var status: Int32
    var stdout: Data
    var stderr: Data
    var timedOut: Bool
    var cancelled: Bool
    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs one program from an argument array (never a shell string). Output is read on
/// background threads so a chatty child never blocks; lines can be streamed as they come.
/// A timeout or the calling task's cancellation interrupts the child the way Ctrl-C would
/// (SIGINT, so the docker CLI cancels its request and the daemon stops), then escalates.
struct CommandRunner: Sendable {
    var executable: URL
    var environment: [String: String]
    /// Told every argument list before it runs (the grader's `--explain`).
    var observer: (@Sendable ([String]) -> Void)? = nil

    /// - Parameters:
    ///   - onLine: called for every line on stdout and stderr (ANSI colour codes removed).
    ///   - consumeStdout: reads stdout as a byte stream instead (e.g. `docker save` into the analyser).
    func run(_ arguments: [String], stdin: Data? = nil, timeout: Duration? = nil,
             onLine: (@Sendable (OutputStream, String) -> Void)? = nil,
             consumeStdout: (@Sendable (ByteSource) throws -> Void)? = nil) async throws -> CommandOutput {
        observer?(arguments)
        let child: ChildProcess
        do {
            child = try ChildProcess.launch(executable.path, arguments, environment: environment, standardInput: stdin != nil)
        } catch {
            throw DockerError.cliNotFound(searched: executable.path)
        }
        let box = ProcessBox(child)
        let exited = DispatchSemaphore(value: 0)
        child.onExit { _ in exited.signal() }
        if let stdin, let writer = child.standardInput {
            DispatchQueue.global().async {
                try? writer.write(contentsOf: stdin)
                try? writer.close()
            }
        }
        let group = DispatchGroup()
        let stdoutBox = DataCollector(), stderrBox = DataCollector()
        let consumerError = ErrorBox()
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            if let consumeStdout {
                let source = FileDescriptorSource(fileDescriptor: child.standardOutput.fileDescriptor)
                do { try consumeStdout(source) } catch {
                    consumerError.error = error
                    box.interrupt()
                }
                // Drain what is left so the child can exit.
                _ = try? source.skip(Int.max / 2)
            } else {
                stdoutBox.collect(child.standardOutput, stream: .stdout, onLine: onLine)
            }
        }
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            stderrBox.collect(child.standardError, stream: .stderr, onLine: onLine)
        }

        let timer: Task<Void, Never>? = timeout.map { limit in
            Task.detached {
                try? await Task.sleep(for: limit)
                if !Task.isCancelled { box.timeOut() }
            }
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    group.wait()
                    exited.wait()
                    continuation.resume()
                }
            }
        } onCancel: {
            box.cancel()
        }
        timer?.cancel()
        box.finished()
        if let error = consumerError.error { throw error }
        return CommandOutput(status: child.exitStatus ?? -1, stdout: stdoutBox.data, stderr: stderrBox.data,
                             timedOut: box.didTimeOut, cancelled: box.wasCancelled)
    }
}

/// Holds a running process and escalates SIGINT → SIGTERM → SIGKILL if it does not stop.
final class ProcessBox: @unchecked Sendable {
    private let child: ChildProcess
    private let lock = NSLock()
    private var done = false
    private(set) var didTimeOut = false
    private(set) var wasCancelled = false

    init(_ child: ChildProcess) { self.child = child }

    func timeOut() { lock.withLock { didTimeOut = true }; interrupt() }
    func cancel() { lock.withLock { wasCancelled = true }; interrupt() }
    func finished() { lock.withLock { done = true } }

    /// SIGINT, as Ctrl-C would (the docker CLI then cancels its request and the daemon
    /// stops); then SIGTERM and SIGKILL to the child's whole group if it lingers.
    func interrupt() {
        guard child.isRunning else { return }
        child.send(SIGINT)
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) { [self] in
            guard !lock.withLock({ done }), child.isRunning else { return }
            child.send(SIGTERM, group: true)
            DispatchQueue.global().asyncAfter(deadline: .now() + 5) { [self] in
                if !lock.withLock({ done }) { child.send(SIGKILL, group: true) }
            }
        }
    }
}

private final class ErrorBox: @unchecked Sendable { var error: Error? }

/// Collects a pipe's bytes and, if asked, hands out complete lines as they arrive.
final class DataCollector: @unchecked Sendable {
    private(set) var data = Data()

    func collect(_ handle: FileHandle, stream: OutputStream, onLine: (@Sendable (OutputStream, String) -> Void)?) {
        var pending = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
            guard let onLine else { continue }
            pending.append(chunk)
            // Lines are handed out from a moving start; the consumed part is dropped once per
            // chunk (dropping it per line moved the rest of the chunk for every line).
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0a) {
                onLine(stream, stripANSI(String(decoding: pending[start..<newline], as: UTF8.self)))
                start = newline + 1
            }
            if start > pending.startIndex { pending.removeSubrange(pending.startIndex..<start) }
        }
        if let onLine, !pending.isEmpty { onLine(stream, stripANSI(String(decoding: pending, as: UTF8.self))) }
    }
}

/// Removes ANSI escape sequences (the classic builder colours a RUN step's stderr).
func stripANSI(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x1B || $0 == 0x0D }) else { return text }
    var out = ""
    var iterator = text.unicodeScalars.makeIterator()
    while let c = iterator.next() {
        if c == "\u{1B}" {
            guard let next = iterator.next() else { break }
            if next == "[" {
                while let f = iterator.next(), !(0x40...0x7E).contains(f.value) {}
            }
            continue
        }
        if c == "\r" { continue }
        out.unicodeScalars.append(c)
    }
    return out
}
