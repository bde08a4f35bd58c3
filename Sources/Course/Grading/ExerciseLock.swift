import Foundation

/// One `check` of an exercise folder at a time: a second waits for the first (saying so)
/// rather than racing it for the same build context and the same progress record. An
/// advisory `flock` on a file in the temporary folder, released when the process ends,
/// however it ends.
public final class ExerciseLock: @unchecked Sendable {
    let path: String
    private var descriptor: Int32 = -1

    public init(folder: URL) {
        // FNV-1a of the folder's path: a short, stable file name per folder.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in folder.standardizedFileURL.path.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("dockerlings-check-\(String(hash, radix: 16)).lock").path
    }

    /// Takes the lock, waiting if another process holds it; `onWait` is told who holds it.
    /// When the lock file cannot be made at all, grading goes on unlocked.
    public func acquire(onWait: (String) -> Void = { _ in }) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            onWait(holder.isEmpty ? "another process" : "pid \(holder)")
            _ = flock(descriptor, LOCK_EX)
        }
        _ = ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
    }

    public func release() {
        guard descriptor >= 0 else { return }
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
