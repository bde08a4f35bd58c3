import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small files written with plain system calls. Foundation's `createFile` writes through a
/// temporary file and syncs it to disk, which costs a millisecond on a quiet machine and tens
/// while others write; neither ShellCheck's scratch files (gone at the end of the run) nor
/// cache entries (checked when read: a torn one is a miss) need to outlive a crash.
enum PlainFile {
    /// Creates `path`, which must not exist yet, holding `bytes`; false (errno says why)
    /// when it cannot, and then nothing is left behind.
    static func create(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { return false }
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return true
        }
        var failure = ok ? 0 : errno
        if close(fd) != 0 && failure == 0 { failure = errno }
        guard failure == 0 else {
            unlink(path)
            errno = failure
            return false
        }
        return true
    }
}

/// A folder of our own under the temporary directory (`mkdtemp`: a fresh name, mode 0700),
/// removed with the files written into it.
final class ScratchFolder {
    let path: String
    private var names: [String] = []

    init(prefix: String) throws(ShellCheckError) {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        var template = Array("\(base.hasSuffix("/") ? String(base.dropLast()) : base)/\(prefix)XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ShellCheckError(description: "cannot create a temporary folder for ShellCheck in \(base): \(String(cString: strerror(errno))). Set TMPDIR to a writable folder.")
        }
        path = String(cString: made)
    }

    /// Writes `name` in the folder; false (errno says why) when it cannot.
    func write(_ name: String, _ bytes: [UInt8]) -> Bool {
        guard PlainFile.create(path + "/" + name, bytes, mode: 0o600) else { return false }
        names.append(name)
        return true
    }

    func remove() {
        for name in names { unlink(path + "/" + name) }
        rmdir(path)
    }
}
