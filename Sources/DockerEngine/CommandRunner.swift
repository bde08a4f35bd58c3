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

/// Runs the docker CLI from an argument array (never a shell string) through SystemSupport's
/// runner. A timeout or the calling task's cancellation interrupts the child the way Ctrl-C
/// would (SIGINT, so the docker CLI cancels its request and the daemon stops), then escalates
/// to its group; both are reported in the output, for the client to name the operation.
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
        let lines = onLine.map { onLine in
            { @Sendable (stream: ChildOutputStream, line: String) in onLine(stream == .stdout ? .stdout : .stderr, stripANSI(line)) }
        }
        let consume = consumeStdout.map { consume in
            { @Sendable (handle: FileHandle) throws in try consume(FileDescriptorSource(fileDescriptor: handle.fileDescriptor)) }
        }
        do {
            let output = try await ChildProcess.run(executable.path, arguments, environment: environment, input: stdin,
                                                    timeout: timeout, stop: .interrupt, onLine: lines, consumeStandardOutput: consume)
            return CommandOutput(output, timedOut: false, cancelled: false)
        } catch let error as ChildProcessError {
            switch error {
            case .notFound, .notExecutable, .cannotStart:
                throw DockerError.cliNotFound(searched: executable.path)
            case .timedOut(_, _, let output):
                return CommandOutput(output, timedOut: true, cancelled: false)
            case .cancelled(_, let output):
                return CommandOutput(output, timedOut: false, cancelled: true)
            case .killed(_, _, let output):
                // The CLI itself died of a signal: its status (128 + signal) says so, as a shell would.
                return CommandOutput(output, timedOut: false, cancelled: false)
            }
        }
    }
}

extension CommandOutput {
    init(_ output: ChildOutput, timedOut: Bool, cancelled: Bool) {
        self.init(status: output.status, stdout: output.stdout, stderr: output.stderr, timedOut: timedOut, cancelled: cancelled)
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
