import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Running a program to its end: the one way the project starts a process and waits for it
// (the docker CLI, shellcheck, git, the tests' helpers). Built on `ChildProcess.launch`:
// argument arrays only, the exit learnt from the reaper thread (no polling), both pipes
// drained at once so a chatty child never blocks on a full pipe.

/// Which output stream a line came from.
public enum ChildOutputStream: String, Sendable { case stdout, stderr }

/// What a finished program left behind.
public struct ChildOutput: Sendable {
    /// The exit status; 128 + the signal when a signal ended it.
    public var status: Int32
    public var stdout: Data
    public var stderr: Data
    /// Its peak resident memory in KiB.
    public var peakResidentKilobytes: Int?
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    public init(status: Int32, stdout: Data = Data(), stderr: Data = Data(), peakResidentKilobytes: Int? = nil) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.peakResidentKilobytes = peakResidentKilobytes
    }
}

/// Why a program did not run to an ordinary end (a non-zero exit is not an error here: the
/// caller knows what its program's statuses mean).
public enum ChildProcessError: Error, CustomStringConvertible, Sendable {
    /// No such file, or no such name on PATH.
    case notFound(executable: String)
    /// It exists but may not be executed (permissions, not a program).
    case notExecutable(executable: String)
    /// Any other reason it could not start (out of processes, pipes or memory).
    case cannotStart(executable: String, reason: String)
    /// Still running when its time ran out; it was stopped.
    case timedOut(command: String, after: Duration, output: ChildOutput)
    /// The waiting task was cancelled; the program was stopped.
    case cancelled(command: String, output: ChildOutput)
    /// A signal nobody here sent ended it (the OOM killer, a person with `kill`).
    case killed(command: String, signal: Int32, output: ChildOutput)

    /// What it printed before it was stopped or killed.
    public var output: ChildOutput? {
        switch self {
        case .timedOut(_, _, let output), .cancelled(_, let output), .killed(_, _, let output): output
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .notFound(let executable):
            "cannot start \(executable): no such program (install it, or check PATH)"
        case .notExecutable(let executable):
            "cannot start \(executable): it is not an executable program (check its permissions)"
        case .cannotStart(let executable, let reason):
            "cannot start \(executable): \(reason)"
        case .timedOut(let command, let after, _):
            "\(command) did not finish within \(after); it was stopped"
        case .cancelled(let command, _):
            "\(command) was stopped: the work waiting for it was cancelled"
        case .killed(let command, let signal, _):
            "\(command) was killed by signal \(signal) (\(String(cString: strsignal(signal))))"
        }
    }

    static func launch(_ error: ChildProcess.LaunchError, executable: String) -> ChildProcessError {
        switch error.code {
        case ENOENT, ENOTDIR: .notFound(executable: executable)
        case EACCES, ENOEXEC, EISDIR, EPERM: .notExecutable(executable: executable)
        default: .cannotStart(executable: executable, reason: String(cString: strerror(error.code)))
        }
    }
}

/// How a child is asked to stop: each signal in turn, the next only if it still runs.
public struct StopSequence: Sendable {
    public struct Step: Sendable {
        public var signal: Int32
        /// To the child's whole process group (what it started, too), not the child alone.
        public var group: Bool
        /// How long after the step before it.
        public var after: Duration

        public init(_ signal: Int32, group: Bool, after: Duration = .zero) {
            self.signal = signal
            self.group = group
            self.after = after
        }
    }

    public var steps: [Step]

    public init(_ steps: [Step]) { self.steps = steps }

    /// SIGTERM to the child's group, SIGKILL to it 5 s later.
    public static let terminate = StopSequence([Step(SIGTERM, group: true), Step(SIGKILL, group: true, after: .seconds(5))])

    /// Ctrl-C's SIGINT to the child alone (the docker CLI then cancels its request and the
    /// daemon stops what it started), SIGTERM to its group 10 s later, SIGKILL 5 s after that.
    public static let interrupt = StopSequence([
        Step(SIGINT, group: false), Step(SIGTERM, group: true, after: .seconds(10)), Step(SIGKILL, group: true, after: .seconds(5)),
    ])
}

extension ChildProcess {
    /// Runs a program to its end and returns what it printed.
    ///
    /// - Parameters:
    ///   - input: written to its standard input, which is then closed (else it reads /dev/null).
    ///   - timeout: stop it (`stop`) when it runs longer; throws `.timedOut`.
    ///   - stop: how to stop it on a timeout or when the calling task is cancelled (`.cancelled`).
    ///   - onLine: each line of either stream as it arrives, without its newline.
    ///   - consumeStandardOutput: reads standard output itself instead (it is then not
    ///     collected); when it throws, the child is stopped and its error thrown.
    /// - Throws: `ChildProcessError`, or the consumer's error.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: String? = nil, input: Data? = nil, timeout: Duration? = nil,
                           stop: StopSequence = .terminate, outputs: Outputs = .piped,
                           onLine: (@Sendable (ChildOutputStream, String) -> Void)? = nil,
                           consumeStandardOutput: (@Sendable (FileHandle) throws -> Void)? = nil) async throws -> ChildOutput {
        let job = try RunningJob(executable, arguments, environment: environment, currentDirectory: currentDirectory,
                                 input: input, timeout: timeout, stop: stop, outputs: outputs, onLine: onLine, consume: consumeStandardOutput)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                job.whenDone { continuation.resume() }
            }
        } onCancel: {
            job.cancel()
        }
        return try job.result()
    }

    /// `run`, blocking the calling thread (for synchronous callers: a worker thread, a test's
    /// helper); there is no task to cancel, so only `timeout` stops it early.
    public static func runAndWait(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                                  currentDirectory: String? = nil, input: Data? = nil, timeout: Duration? = nil,
                                  stop: StopSequence = .terminate, outputs: Outputs = .piped,
                                  onLine: (@Sendable (ChildOutputStream, String) -> Void)? = nil) throws -> ChildOutput {
        let job = try RunningJob(executable, arguments, environment: environment, currentDirectory: currentDirectory,
                                 input: input, timeout: timeout, stop: stop, outputs: outputs, onLine: onLine, consume: nil)
        job.waitUntilDone()
        return try job.result()
    }

    /// Asks the child to stop, step by step, until it has.
    public func stop(_ sequence: StopSequence = .terminate) {
        ChildProcess.escalate(self, sequence.steps[...])
    }

    private static func escalate(_ child: ChildProcess, _ steps: ArraySlice<StopSequence.Step>) {
        guard let step = steps.first, child.isRunning else { return }
        let fire: @Sendable () -> Void = {
            guard child.isRunning else { return }
            child.send(step.signal, group: step.group)
            escalate(child, steps.dropFirst())
        }
        if step.after == .zero {
            fire()
        } else {
            DispatchQueue.global().asyncAfter(deadline: .now() + step.after.seconds, execute: fire)
        }
    }

    /// Blocks until the child ends or `timeout` passes; its exit status, or nil while it runs.
    @discardableResult
    public func wait(timeout: Duration? = nil) -> Int32? {
        let done = DispatchSemaphore(value: 0)
        onExit { _ in done.signal() }
        if let timeout {
            guard done.wait(timeout: .now() + timeout.seconds) == .success else { return nil }
        } else {
            done.wait()
        }
        return exitStatus
    }

    /// Reads both output streams on threads of their own until the child closes them,
    /// keeping the bytes and handing out lines as they come. For a child that runs a while
    /// (a daemon, a program watched as it works); `run` does this itself.
    public func readOutput(onLine: (@Sendable (ChildOutputStream, String) -> Void)? = nil) -> ChildOutputReader {
        ChildOutputReader(self, consume: nil, onLine: onLine, failed: { _ in })
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// The two streams of a running child, drained on threads of their own.
public final class ChildOutputReader: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    private let drained = DispatchGroup()

    init(_ child: ChildProcess, consume: (@Sendable (FileHandle) throws -> Void)?,
         onLine: (@Sendable (ChildOutputStream, String) -> Void)?, failed: @escaping @Sendable (Error) -> Void) {
        drained.enter()
        Thread.detachNewThread { [self] in
            defer { drained.leave() }
            if let consume {
                do { try consume(child.standardOutput) } catch { failed(error) }
                // Whatever it left unread, so the child is not blocked writing it.
                while !child.standardOutput.availableData.isEmpty {}
            } else {
                collect(child.standardOutput, .stdout, onLine)
            }
        }
        drained.enter()
        Thread.detachNewThread { [self] in
            defer { drained.leave() }
            collect(child.standardError, .stderr, onLine)
        }
    }

    /// What each stream has printed so far.
    public var stdout: Data { lock.withLock { out } }
    public var stderr: Data { lock.withLock { err } }

    /// Blocks until both streams are closed, or `timeout` passes (false then).
    @discardableResult
    public func wait(timeout: Duration? = nil) -> Bool {
        guard let timeout else { drained.wait(); return true }
        return drained.wait(timeout: .now() + timeout.seconds) == .success
    }

    func whenDrained(_ body: @escaping @Sendable () -> Void) { drained.notify(queue: .global(), execute: body) }

    /// Lines are handed out from a moving start; the consumed part is dropped once per
    /// chunk (dropping it per line would move the rest of the chunk for every line).
    private func collect(_ handle: FileHandle, _ stream: ChildOutputStream, _ onLine: (@Sendable (ChildOutputStream, String) -> Void)?) {
        var pending = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            lock.withLock { if stream == .stdout { out.append(chunk) } else { err.append(chunk) } }
            guard let onLine else { continue }
            pending.append(chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0a) {
                onLine(stream, String(decoding: pending[start..<newline], as: UTF8.self))
                start = newline + 1
            }
            if start > pending.startIndex { pending.removeSubrange(pending.startIndex..<start) }
        }
        if let onLine, !pending.isEmpty { onLine(stream, String(decoding: pending, as: UTF8.self)) }
    }
}

/// One `run`: the child, its readers, its clock, and why it ended.
private final class RunningJob: @unchecked Sendable {
    let child: ChildProcess
    let command: String
    let stop: StopSequence
    let timeout: Duration?
    private var reader: ChildOutputReader!
    private let lock = NSLock()
    private var timedOut = false
    private var cancelled = false
    private var consumerError: Error?
    private let finished = DispatchGroup()

    init(_ executable: String, _ arguments: [String], environment: [String: String]?, currentDirectory: String?,
         input: Data?, timeout: Duration?, stop: StopSequence, outputs: ChildProcess.Outputs,
         onLine: (@Sendable (ChildOutputStream, String) -> Void)?, consume: (@Sendable (FileHandle) throws -> Void)?) throws {
        do {
            child = try ChildProcess.launch(executable, arguments, environment: environment,
                                            currentDirectory: currentDirectory, standardInput: input != nil, outputs: outputs)
        } catch let error as ChildProcess.LaunchError {
            throw ChildProcessError.launch(error, executable: executable)
        }
        command = ([executable] + arguments.prefix(3)).joined(separator: " ") + (arguments.count > 3 ? " …" : "")
        self.stop = stop
        self.timeout = timeout
        if let input, let writer = child.standardInput {
            DispatchQueue.global().async {
                try? writer.write(contentsOf: input)
                try? writer.close()
            }
        }
        finished.enter()
        finished.enter()
        child.onExit { [finished] _ in finished.leave() }
        reader = ChildOutputReader(child, consume: consume, onLine: onLine) { [self] error in
            lock.withLock { consumerError = error }
            child.stop(stop)
        }
        reader.whenDrained { [finished] in finished.leave() }
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.seconds) { [self] in
                guard child.isRunning else { return }
                lock.withLock { timedOut = true }
                child.stop(stop)
            }
        }
    }

    func whenDone(_ body: @escaping @Sendable () -> Void) { finished.notify(queue: .global(), execute: body) }

    /// Blocks the calling thread until the child has ended and its output is read (woken
    /// directly, not through a queue: one hand-over fewer at the end of every run).
    func waitUntilDone() { finished.wait() }

    func cancel() {
        guard child.isRunning else { return }
        lock.withLock { cancelled = true }
        child.stop(stop)
    }

    func result() throws -> ChildOutput {
        let output = ChildOutput(status: child.exitStatus ?? -1, stdout: reader.stdout, stderr: reader.stderr,
                                 peakResidentKilobytes: child.peakResidentKilobytes)
        let (timedOut, cancelled, consumerError) = lock.withLock { (self.timedOut, self.cancelled, self.consumerError) }
        if let consumerError { throw consumerError }
        if timedOut { throw ChildProcessError.timedOut(command: command, after: timeout ?? .zero, output: output) }
        if cancelled { throw ChildProcessError.cancelled(command: command, output: output) }
        if let signal = child.terminatingSignal { throw ChildProcessError.killed(command: command, signal: signal, output: output) }
        return output
    }
}
