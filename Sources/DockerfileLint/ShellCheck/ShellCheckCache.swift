import Foundation
import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What ShellCheck said about one script: its comments in the order it printed them.
struct ShellCheckComment: Hashable, Sendable {
    var code: Int
    var level: String
    var message: String
    /// Where in the script (1-based; the end column is one past the last character); 0 when
    /// ShellCheck did not say.
    var line = 0, column = 0, endLine = 0, endColumn = 0
}

/// ShellCheck's findings kept on disk between runs, so a re-lint starts no `shellcheck` for a
/// script it has seen. An entry is keyed by the script's text (which starts with the shebang
/// of the stage's shell, so the dialect is part of it), the options we pass, and ShellCheck's
/// version. Layout: `<directory>/<format>-<version>/<hash>.entry` (ShellCheckCacheEntry),
/// where the entry also holds the script, compared on reading, so a hash collision can only
/// cost a miss.
///
/// Safe when several processes lint at once: an entry is written to a temporary file and
/// renamed into place, so a reader sees a whole entry or none. Bounded: when a run adds
/// entries beyond `entryLimit`, the oldest are removed.
public struct ShellCheckCache: Sendable {
    /// The cache folder (…/dockerlings/shellcheck).
    public let directory: URL
    /// Entries kept at most (each a few hundred bytes; one disk block each).
    public var entryLimit: Int

    /// Bump when the entry format or the ShellCheck options change.
    static let format = "v3"  // v2: comments keep ShellCheck's line and columns; v3: text entries (ShellCheckCacheEntry)

    /// `directory`'s path: file names are built on it as text, without URL arithmetic.
    let path: String

    public init(directory: URL, entryLimit: Int = 5_000) {
        self.directory = directory
        self.entryLimit = entryLimit
        path = directory.path
    }

    /// The user's cache folder: `$XDG_CACHE_HOME/dockerlings`, else `~/.cache/dockerlings`
    /// (as other command-line tools keep their caches); nil when neither can be told.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ShellCheckCache? {
        // Only where the user's environment names a place: never guess a home for a bare process.
        guard environment["XDG_CACHE_HOME"]?.hasPrefix("/") == true || environment["HOME"]?.hasPrefix("/") == true else { return nil }
        return ShellCheckCache(directory: UserDirectories.cache(environment: environment).appendingPathComponent("shellcheck"))
    }

    /// The folder is there (it may hold entries).
    var exists: Bool { FileManager.default.fileExists(atPath: path) }

    // MARK: ShellCheck's version

    /// The version of the `shellcheck` at `executable`, remembered per executable (its path,
    /// size, modification time and inode, so an upgrade is noticed) to spare a
    /// `shellcheck --version` on every run. nil when it has not been asked yet.
    func knownVersion(of executable: String) -> String? {
        guard let identity = Self.identity(of: executable),
              let data = FileManager.default.contents(atPath: versionFile(identity)) else { return nil }
        let version = String(decoding: data, as: UTF8.self)
        return Self.isPlainVersion(version) ? version : nil
    }

    func remember(version: String, of executable: String) {
        guard Self.isPlainVersion(version), let identity = Self.identity(of: executable) else { return }
        write(Array(version.utf8), to: versionFile(identity))
    }

    /// Asks `shellcheck --version` (`version: 0.9.0`).
    static func askVersion(of executable: String) -> String? {
        guard let output = try? ChildProcess.runAndWait(executable, ["--version"], timeout: .seconds(30)).stdout else { return nil }
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") where line.hasPrefix("version:") {
            let version = line.dropFirst("version:".count).trimmingCharacters(in: .whitespaces)
            return isPlainVersion(version) ? version : nil
        }
        return nil
    }

    /// A version fit to be a folder name.
    static func isPlainVersion(_ s: String) -> Bool {
        !s.isEmpty && s.count < 64 && s.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x2E || b == 0x2D || b == 0x2B || b == 0x5F
        }
    }

    static func identity(of executable: String) -> String? {
        guard let real = realpath(executable, nil) else { return nil }
        defer { free(real) }
        var info = stat()
        guard stat(real, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = Int(info.st_mtimespec.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtimespec.tv_nsec)
        #else
        let modified = Int(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtim.tv_nsec)
        #endif
        return String(cString: real) + "|\(info.st_size)|\(modified)|\(info.st_ino)"
    }

    func versionFile(_ identity: String) -> String {
        "\(path)/executables/\(Self.hash(identity))"
    }

    // MARK: Entries

    func entryFolder(version: String) -> String {
        "\(path)/\(Self.format)-\(version)"
    }

    func entryFile(script: String, version: String) -> String {
        "\(entryFolder(version: version))/\(Self.hash(script)).entry"
    }

    /// The comments stored for `script`, or nil when it has not been seen (or the entry is
    /// unreadable, which counts as not seen).
    func lookup(script: String, version: String) -> [ShellCheckComment]? {
        guard let data = FileManager.default.contents(atPath: entryFile(script: script, version: version)) else { return nil }
        return ShellCheckCacheEntry.decode([UInt8](data), script: script)
    }

    func store(_ comments: [ShellCheckComment], script: String, version: String) {
        write(ShellCheckCacheEntry.encode(script: script, comments: comments), to: entryFile(script: script, version: version))
    }

    /// Writes `data` to a temporary file beside `file` and renames it into place, so a reader
    /// sees a whole entry or none (not synced to disk: an entry torn by a crash fails the
    /// check on reading and counts as not seen). A cache that cannot be written (read-only
    /// home, full disk) is simply not used.
    func write(_ bytes: [UInt8], to file: String) {
        let slash = file.lastIndex(of: "/") ?? file.startIndex
        let folder = String(file[..<slash])
        let temporary = "\(folder)/.\(file[file.index(after: slash)...]).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        var created = PlainFile.create(temporary, bytes)
        if !created && errno == ENOENT {
            // The first entry of this folder.
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            created = PlainFile.create(temporary, bytes)
        }
        guard created else { return }
        if rename(temporary, file) != 0 { unlink(temporary) }
    }

    /// Removes the oldest entries (by modification time) when there are more than
    /// `entryLimit`, down to three quarters of it; leftover temporary files go too.
    func prune() {
        let fm = FileManager.default
        guard let folders = try? fm.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil) else { return }
        var entries: [(url: URL, modified: Date)] = []
        for folder in folders where folder.lastPathComponent.hasPrefix("\(Self.format)-") {
            guard let files = try? fm.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey]) else { continue }
            for file in files {
                let modified = (try? file.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate ?? .distantPast
                if file.lastPathComponent.hasSuffix(".tmp") {
                    // A writer that died between write and rename; a live one is much younger.
                    if modified.timeIntervalSinceNow < -3600 { unlink(file.path) }
                    continue
                }
                entries.append((file, modified))
            }
        }
        guard entries.count > entryLimit else { return }
        entries.sort { $0.modified < $1.modified }
        for entry in entries.prefix(entries.count - entryLimit * 3 / 4) { unlink(entry.url.path) }
    }

    /// FNV-1a, 128 bits as two 64-bit lanes: a short file name for any text. Entries hold
    /// their script, so a collision is a miss, never a wrong answer.
    static func hash(_ text: String) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x6c62_272e_07bb_0142
        for byte in text.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 ^ (b >> 29)
        }
        func hex(_ v: UInt64) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return hex(a) + hex(b)
    }
}
