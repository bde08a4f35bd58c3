import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells when files in a folder change, from the kernel's file-system events (Linux's
/// inotify), with no polling: a thread sleeps in `poll` until the kernel has news.
///
/// The folder is watched, not the files: an editor that saves by writing a new file and
/// renaming it over the old one (vim, `sed -i`, most IDEs), or a file deleted and made
/// again, is seen the same as a write in place. A burst of events (an editor's save is
/// several) is delivered as one change once the folder has been quiet for `debounce`.
///
///     let watcher = try FileWatcher(folder: "/home/me/dockerlings/first-dockerfile") { change in
///         print("changed:", change.names.sorted())
///     }
///     defer { watcher.stop() }
public final class FileWatcher: @unchecked Sendable {
    /// One quiet-ended burst of events.
    public struct Change: Sendable, Equatable {
        /// The names (not paths) of the folder's entries that were written, renamed or deleted.
        public var names: Set<String>
        /// The folder itself was deleted or moved away: nothing more will be reported.
        public var folderGone: Bool
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public let folder: String
    /// Wakes the thread to stop it: a pipe whose two ends are closed only once both the
    /// watcher and its thread are done with it (a write with no reader would raise SIGPIPE).
    private let wake: Wake
    private let flag = StopFlag()

    /// Starts watching `folder`; `onChange` is called on the watcher's own thread (and must
    /// not call `stop()` itself: `stop()` waits for a report in progress).
    public init(folder: String, debounce: Duration = .milliseconds(50), onChange: @escaping @Sendable (Change) -> Void) throws(Failure) {
        self.folder = folder
        #if os(Linux)
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw Failure(description: "cannot watch \(folder): \(String(cString: strerror(errno)))") }
        wake = Wake(read: ends[0], write: ends[1])
        let inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard inotify >= 0 else {
            let reason = errno == EMFILE
                ? "the system's limit of inotify instances is reached (raise fs.inotify.max_user_instances)"
                : String(cString: strerror(errno))
            throw Failure(description: "cannot watch \(folder): \(reason)")
        }
        // Written and closed, renamed in or out, deleted; the folder itself going away.
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
        guard inotify_add_watch(inotify, folder, mask) >= 0 else {
            let reason = errno == ENOENT || errno == ENOTDIR ? "no such folder" : String(cString: strerror(errno))
            close(inotify)
            throw Failure(description: "cannot watch \(folder): \(reason)")
        }
        let wake = wake
        let quiet = Int32(debounce.components.seconds * 1000 + debounce.components.attoseconds / 1_000_000_000_000_000)
        let flag = flag
        let thread = Thread {
            Self.run(inotify: inotify, wake: wake.read, quietMilliseconds: quiet, flag: flag, onChange: onChange)
            close(inotify)
        }
        thread.name = "FileWatcher"
        thread.start()
        #else
        throw Failure(description: "watching files is implemented with Linux's inotify only; on this system run `dockerlings check` after each save")
        #endif
    }

    /// Stops watching; no `onChange` call starts after this returns. Safe to call twice.
    public func stop() {
        guard flag.stop() else { return }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    deinit { stop() }

    #if os(Linux)
    /// The watcher's thread: sleep until an event, gather the burst until `quiet` ms pass
    /// without one (at most half a second, so a busy folder is still reported), report it.
    private static func run(inotify: Int32, wake: Int32, quietMilliseconds: Int32, flag: StopFlag, onChange: (Change) -> Void) {
        var pending = Change(names: [], folderGone: false)
        var burstStarted: UInt64?
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        func burstAge() -> UInt64 { burstStarted.map { DispatchTime.now().uptimeNanoseconds - $0 } ?? 0 }
        while true {
            var fds = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            let timeout = burstStarted == nil ? -1 : max(0, min(quietMilliseconds, 500 - Int32(burstAge() / 1_000_000)))
            let ready = poll(&fds, 2, timeout)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 || fds[1].revents != 0 { return }
            if ready > 0 {
                let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
                if count > 0 {
                    if burstStarted == nil { burstStarted = DispatchTime.now().uptimeNanoseconds }
                    parse(buffer, count: count, into: &pending)
                }
            }
            guard burstStarted != nil, ready == 0 || burstAge() >= 500_000_000 else { continue }
            // Under the flag's lock: once `stop()` has returned, no report begins.
            let delivered = flag.unlessStopped { onChange(pending) }
            if !delivered || pending.folderGone { return }
            pending = Change(names: [], folderGone: false)
            burstStarted = nil
        }
    }

    /// Reads the `inotify_event` records: a 16-byte header (wd, mask, cookie, len), then
    /// `len` bytes of NUL-padded name.
    private static func parse(_ buffer: [UInt8], count: Int, into change: inout Change) {
        var offset = 0
        buffer.withUnsafeBytes { raw in
            while offset + 16 <= count {
                let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                let length = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                let nameBytes = raw[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 {
                    change.folderGone = true
                } else if !nameBytes.isEmpty {
                    change.names.insert(String(decoding: nameBytes, as: UTF8.self))
                }
                offset += 16 + length
            }
        }
    }
    #endif
}

private final class Wake: Sendable {
    let read: Int32
    let write: Int32
    init(read: Int32, write: Int32) { (self.read, self.write) = (read, write) }
    deinit { close(read); close(write) }
}

/// Shared by the watcher and its thread (which must not keep the watcher alive).
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false

    /// True the first time only.
    func stop() -> Bool { lock.withLock { defer { stopped = true }; return !stopped } }

    /// Runs `body` unless stopped, holding the lock so that `stop()` waits for it.
    func unlessStopped(_ body: () -> Void) -> Bool {
        lock.withLock {
            guard !stopped else { return false }
            body()
            return true
        }
    }
}
