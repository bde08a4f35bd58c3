import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program started from an argument array (never a shell string) with `posix_spawn`.
///
/// Why not Foundation's `Process`: on Linux, `Process.run()` closes the parent's descriptors
/// by walking /proc/self/fd with a copy of each whole 256-byte `d_name`, which reads past
/// glibc's buffer when a short entry ends it next to an unmapped page (swift-corelibs-
/// foundation #5472, not fixed in Swift 6.3.1): a test suite or a grade that starts
/// hundreds of docker commands crashed now and then. Here the child closes its own
/// descriptors (`posix_spawn_file_actions_addclosefrom_np`, glibc 2.34+), and a thread
/// per child learns its exit from `waitpid`, with no polling.
///
/// The child gets default signal handling and an empty signal mask whatever the parent set
/// up (a grader that ignores SIGINT must not pass that on), and a process group of its own:
/// a Ctrl-C at the terminal reaches the parent, which decides how to stop its children.
public final class ChildProcess: @unchecked Sendable {
    /// Why a program could not be started.
    public struct LaunchError: Error, CustomStringConvertible, Sendable {
        public var executable: String
        public var code: Int32
        public var description: String { "cannot start \(executable): \(String(cString: strerror(code)))" }
    }

    public let pid: pid_t
    /// Read ends of the child's standard output and error; its standard input's write end
    /// when one was asked for (else the child reads /dev/null).
    public let standardOutput: FileHandle
    public let standardError: FileHandle
    public let standardInput: FileHandle?

    private let lock = NSLock()
    private var status: Int32?
    private var signalled: Int32?
    private var peakMemory: Int?
    private var exitHandlers: [@Sendable (Int32) -> Void] = []

    /// - Parameters:
    ///   - executable: a path; a bare name is looked up on PATH (`environment`'s, else this process's).
    ///   - environment: the child's whole environment; nil passes this process's on.
    ///   - currentDirectory: where the child starts (default: here).
    ///   - standardInput: give the child a pipe to write to instead of /dev/null.
    ///   - outputs: where its standard output and error go: pipes to read (default), /dev/null,
    ///     or this process's own (a pager writing to the terminal).
    ///   - newProcessGroup: lead a process group of its own (default); false keeps it in ours,
    ///     the terminal's foreground group (a pager that reads keys must be there).
    public static func launch(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                              currentDirectory: String? = nil, standardInput: Bool = false,
                              outputs: Outputs = .piped, newProcessGroup: Bool = true) throws -> ChildProcess {
        let path = resolve(executable, environment: environment)
        let piped = outputs == .piped
        let out = piped ? try pipePair() : (read: open("/dev/null", O_RDONLY | O_CLOEXEC), write: -1)
        let err = piped ? try pipePair() : (read: open("/dev/null", O_RDONLY | O_CLOEXEC), write: -1)
        let input = standardInput ? try pipePair() : nil

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        switch outputs {
        case .piped:
            posix_spawn_file_actions_adddup2(&actions, out.write, 1)
            posix_spawn_file_actions_adddup2(&actions, err.write, 2)
        case .discarded:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        case .inherited:
            break
        }
        // Everything else stays behind: another child's pipe held open here would keep its
        // reader waiting for an end of file until this child exits.
        _ = Spawn.closeFrom?(&actions, 3)
        if let currentDirectory {
            guard let chdir = Spawn.changeDirectory else {
                throw LaunchError(executable: "\(executable) in \(currentDirectory) (this C library cannot start a program elsewhere)", code: ENOSYS)
            }
            _ = chdir(&actions, currentDirectory)
        }

        var attributes = SpawnAttributes(newProcessGroup: newProcessGroup)
        defer { attributes.destroy() }

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { env in
            env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { envp?.forEach { free($0) } }

        var pid: pid_t = 0
        let spawned: Int32 = envp.map { envp in
            envp.withUnsafeBufferPointer { posix_spawn(&pid, path, &actions, &attributes.value, argv, $0.baseAddress) }
        } ?? posix_spawn(&pid, path, &actions, &attributes.value, argv, environ)
        // The child has its copies; the parent keeps only its own ends.
        if piped {
            close(out.write)
            close(err.write)
        }
        if let input { close(input.read) }
        guard spawned == 0 else {
            close(out.read)
            close(err.read)
            if let input { close(input.write) }
            throw LaunchError(executable: path, code: spawned)
        }
        let child = ChildProcess(pid: pid, out: out.read, err: err.read, input: input?.write, ownGroup: newProcessGroup)
        child.reap()
        return child
    }

    /// Where a child's standard output and error go (`piped`: `standardOutput` and
    /// `standardError` read them; otherwise both read as empty).
    public enum Outputs: Sendable { case piped, discarded, inherited }

    /// It leads a process group of its own (signals to the group reach only its family).
    public let hasOwnGroup: Bool

    private init(pid: pid_t, out: Int32, err: Int32, input: Int32?, ownGroup: Bool) {
        self.pid = pid
        hasOwnGroup = ownGroup
        standardOutput = FileHandle(fileDescriptor: out, closeOnDealloc: true)
        standardError = FileHandle(fileDescriptor: err, closeOnDealloc: true)
        standardInput = input.map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
    }

    /// A thread that waits for this child alone (never `waitpid(-1)`: other children, such
    /// as Foundation's, are theirs to reap).
    private func reap() {
        let pid = self.pid
        Thread.detachNewThread { [self] in
            var raw: Int32 = 0
            var usage = rusage()
            while wait4(pid, &raw, 0, &usage) == -1 && errno == EINTR {}
            // Exited: its status; killed: 128 + the signal, as a shell reports it.
            let code = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
            let handlers: [@Sendable (Int32) -> Void] = lock.withLock {
                status = code
                if (raw & 0x7f) != 0 { signalled = raw & 0x7f }
                peakMemory = Int(usage.ru_maxrss)
                defer { exitHandlers = [] }
                return exitHandlers
            }
            handlers.forEach { $0(code) }
        }
    }

    /// The exit status once the child has ended (128 + signal when a signal ended it).
    public var exitStatus: Int32? { lock.withLock { status } }
    public var isRunning: Bool { exitStatus == nil }
    /// The signal that ended the child, when one did (a status of 137 may also be an exit code).
    public var terminatingSignal: Int32? { lock.withLock { signalled } }
    /// Its peak resident memory in KiB, once it has ended (what a benchmark compares).
    public var peakResidentKilobytes: Int? { lock.withLock { peakMemory } }

    /// Calls `handler` with the exit status when the child ends (at once if it has).
    public func onExit(_ handler: @escaping @Sendable (Int32) -> Void) {
        let ended: Int32? = lock.withLock {
            if let status { return status }
            exitHandlers.append(handler)
            return nil
        }
        if let ended { handler(ended) }
    }

    /// Blocks until the child ends and returns its exit status. (Not Foundation's polling
    /// `waitUntilExit`: a semaphore the reaper signals. Kept for callers written against it;
    /// new code uses `wait(timeout:)` or `run`/`runAndWait`.)
    @discardableResult
    public func waitUntilExit() -> Int32 {
        // Without a timeout `wait` returns only once the reaper has the status.
        wait() ?? -1
    }

    /// Sends `signal` to the child while it runs (never to a reused pid after it was reaped);
    /// `group` sends it to the child's whole process group (what it started, too).
    public func send(_ signal: Int32, group: Bool = false) {
        lock.withLock {
            if status == nil { _ = kill(group && hasOwnGroup ? -pid : pid, signal) }
        }
    }

    private static func pipePair() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw LaunchError(executable: "a pipe", code: errno) }
        // Close-on-exec: a program another thread starts meanwhile must not inherit them.
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (fds[0], fds[1])
    }

    /// A bare name found on PATH, as execvp would; a path as it is.
    static func resolve(_ executable: String, environment: [String: String]?) -> String {
        guard !executable.contains("/") else { return executable }
        let path = environment?["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(executable)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return executable
    }
}

/// `posix_spawn` attributes for a child that starts clean: default handling for every
/// signal and an empty signal mask, whatever this process set up (a test runner blocks
/// signals on its threads; a grader ignores SIGINT while it grades). With
/// `newProcessGroup`, the child leads a group of its own, out of the terminal's reach;
/// without, it stays in the foreground group (a pager that reads keys must).
public struct SpawnAttributes {
    public var value = posix_spawnattr_t()

    public init(newProcessGroup: Bool) {
        posix_spawnattr_init(&value)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&value, &noSignals)
        posix_spawnattr_setsigdefault(&value, &allSignals)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if newProcessGroup {
            posix_spawnattr_setpgroup(&value, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&value, Int16(flags))
    }

    public mutating func destroy() { posix_spawnattr_destroy(&value) }
}

/// The C library's optional spawn actions, looked up once: glibc declares them only for
/// GNU builds of its headers, and older libraries lack them.
private enum Spawn {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    nonisolated(unsafe) static let library = dlopen(nil, RTLD_NOW)

    static let closeFrom: CloseFrom? = dlsym(library, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }

    static let changeDirectory: ChangeDirectory? = dlsym(library, "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: ChangeDirectory.self) }
}
