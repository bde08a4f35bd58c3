import Foundation
import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
