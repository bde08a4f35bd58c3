import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small files written with plain system calls. Foundation's `createFile` writes through a
/// temporary file and syncs it to disk, which costs a millisecond on a quiet machine and tens
/// while others write; neither ShellCheck's scratch files (gone at the end of the run), cache
/// entries (checked when read: a torn one is a miss) nor a lint report need to outlive a crash.
public enum PlainFile {
    /// Creates `path`, which must not exist yet, holding `bytes`; false (errno says why)
    /// when it cannot, and then nothing is left behind.
    public static func create(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { return false }
        guard finish(fd, bytes) else {
            let failure = errno
            unlink(path)
            errno = failure
            return false
        }
        return true
    }

    /// Writes `bytes` to `path` in place, creating or emptying it first (so a device or a
    /// pipe such as /dev/stdout works too); false (errno says why) when it cannot.
    public static func replace(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        return fd >= 0 && finish(fd, bytes)
    }

    /// Writes every byte to `fd` and closes it; false (errno says why) when either fails.
    private static func finish(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
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
        errno = failure
        return failure == 0
    }
}
