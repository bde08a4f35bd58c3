@testable import DockerfileLint
import Foundation
import TestSupport
import Testing

/// ShellCheck findings cached on disk, on the real `shellcheck` behind a wrapper that writes
/// down each time it is started (so "no process for a script seen before" is counted, not
/// assumed). Every cache lives in a temporary folder, never the user's.
@Suite struct ShellCheckCacheTests {
    /// A folder with a `shellcheck` that logs its arguments to `log`, then runs the real one.
    struct CountingShellcheck {
        let folder: URL
        var executable: String { folder.appendingPathComponent("shellcheck").path }
        var log: URL { folder.appendingPathComponent("invocations") }

        init(version: String? = nil) throws {
            let real = try #require(LintSession.findShellcheck(), "shellcheck is not on PATH: run scripts/install-deps.sh test")
            folder = try RepoPaths.temporaryDirectory("dockerlings-sc-cache")
            try write(real: real, version: version)
        }

        /// (Re)writes the wrapper (a new file, as an upgrade would be); `version` makes it
        /// answer `--version` with that instead.
        func write(real: String, version: String?, note: String = "") throws {
            var text = "#!/bin/sh\n# \(note)\necho \"$*\" >> '\(log.path)'\n"
            if let version { text += "if [ \"$1\" = --version ]; then echo 'version: \(version)'; exit 0; fi\n" }
            text += "exec '\(real)' \"$@\"\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: executable), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable)
        }

        /// Each start's arguments, in order.
        func invocations() -> [String] {
            guard let data = FileManager.default.contents(atPath: log.path) else { return [] }
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        }

        func checks() -> [String] { invocations().filter { $0 != "--version" } }

        /// Scripts handed to shellcheck so far (a run may share them among several processes).
        func checked() -> Int {
            checks().reduce(0) { $0 + $1.split(separator: " ").filter { $0.hasSuffix(".sh") }.count }
        }
    }

    static func lint(_ files: [(String, String)], shellcheck: String, cache: ShellCheckCache?) throws -> [LintResult] {
        try LintSession(configuration: LintConfiguration(), shellcheckPath: shellcheck, shellcheckCache: cache)
            .run(files.map { (name: $0.0, bytes: Array($0.1.utf8)) })
    }

    static func codes(_ results: [LintResult]) -> [[String]] {
        results.map { $0.findings.map { "\($0.code)@\($0.line)" } }
    }

    static let file = "FROM debian:12\nRUN echo $1 | grep x\nRUN cd /tmp && ls `pwd`\n"

    @Test func aRepeatLintStartsNoShellcheckAndReportsTheSame() throws {
        let sc = try CountingShellcheck()
        defer { try? FileManager.default.removeItem(at: sc.folder) }
        let cache = ShellCheckCache(directory: sc.folder.appendingPathComponent("cache"))
        let uncached = try Self.lint([("Dockerfile", Self.file)], shellcheck: sc.executable, cache: nil)
        #expect(sc.checked() == 2)
        #expect(Self.codes(uncached).first?.contains("SC2086@2") == true)
        #expect(Self.codes(uncached).first?.contains("SC2006@3") == true)

        let first = try Self.lint([("Dockerfile", Self.file)], shellcheck: sc.executable, cache: cache)
        #expect(sc.invocations().filter { $0 == "--version" }.count == 1, "the version is asked once per shellcheck")
        #expect(sc.checked() == 4)
        let starts = sc.invocations().count
        let repeat1 = try Self.lint([("Dockerfile", Self.file)], shellcheck: sc.executable, cache: cache)
        let repeat2 = try Self.lint([("again/Dockerfile", Self.file)], shellcheck: sc.executable, cache: cache)
        #expect(sc.invocations().count == starts, "\(sc.invocations())")
        #expect(Self.codes(first) == Self.codes(uncached))
        #expect(Self.codes(repeat1) == Self.codes(uncached))
        #expect(Self.codes(repeat2) == Self.codes(uncached))
        #expect(repeat2[0].findings.allSatisfy { $0.file == "again/Dockerfile" })

        // Partly changed: only the new script is checked, and only it is handed over.
        let changed = Self.file.replacingOccurrences(of: "ls `pwd`", with: "ls $(pwd)")
        let partly = try Self.lint([("Dockerfile", changed)], shellcheck: sc.executable, cache: cache)
        #expect(sc.checked() == 5)
        #expect(sc.checks().last?.hasSuffix("-- r0.sh") == true, "\(sc.checks())")
        #expect(Self.codes(partly).first?.contains("SC2086@2") == true)
        #expect(Self.codes(partly).first?.contains("SC2006@3") == false)
    }

    /// The shell dialect is part of the key: the same RUN text under bash is checked again.
    @Test func theShellIsPartOfTheKey() throws {
        let sc = try CountingShellcheck()
        defer { try? FileManager.default.removeItem(at: sc.folder) }
        let cache = ShellCheckCache(directory: sc.folder.appendingPathComponent("cache"))
        _ = try Self.lint([("a", "FROM debian:12\nRUN echo $1\n")], shellcheck: sc.executable, cache: cache)
        let bash = try Self.lint([("b", "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo $1\n")],
                                 shellcheck: sc.executable, cache: cache)
        #expect(sc.checked() == 2)
        #expect(bash[0].findings.contains { $0.code == "SC2086" })
    }

    /// An upgraded shellcheck (another file at the same path) is asked its version again; a new
    /// version misses every entry, the same version keeps them.
    @Test func theVersionIsPartOfTheKey() throws {
        let sc = try CountingShellcheck(version: "0.1.0")
        defer { try? FileManager.default.removeItem(at: sc.folder) }
        let real = try #require(LintSession.findShellcheck())
        let cache = ShellCheckCache(directory: sc.folder.appendingPathComponent("cache"))
        _ = try Self.lint([("a", Self.file)], shellcheck: sc.executable, cache: cache)
        #expect(sc.checked() == 2)
        try sc.write(real: real, version: "0.2.0")
        _ = try Self.lint([("a", Self.file)], shellcheck: sc.executable, cache: cache)
        #expect(sc.invocations().filter { $0 == "--version" }.count == 2)
        #expect(sc.checked() == 4, "a new version must not reuse the old one's findings")
        // Same version, new file (a reinstall): entries are reused, only the version is asked.
        try sc.write(real: real, version: "0.2.0", note: "reinstalled")
        _ = try Self.lint([("a", Self.file)], shellcheck: sc.executable, cache: cache)
        #expect(sc.invocations().filter { $0 == "--version" }.count == 3)
        #expect(sc.checked() == 4)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: cache.directory.path))
            == ["executables", "\(ShellCheckCache.format)-0.1.0", "\(ShellCheckCache.format)-0.2.0"])
    }

    /// A damaged entry is a miss: checked again and rewritten, never a crash or a wrong answer.
    @Test func aDamagedEntryIsCheckedAgain() throws {
        let sc = try CountingShellcheck()
        defer { try? FileManager.default.removeItem(at: sc.folder) }
        let cache = ShellCheckCache(directory: sc.folder.appendingPathComponent("cache"))
        let good = try Self.lint([("a", Self.file)], shellcheck: sc.executable, cache: cache)
        let folder = try #require(try FileManager.default.contentsOfDirectory(at: cache.directory, includingPropertiesForKeys: nil)
            .first { $0.lastPathComponent.hasPrefix("\(ShellCheckCache.format)-") })
        let entries = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        #expect(entries.count == 2)
        try Data("{\"script\": 1".utf8).write(to: entries[0])
        let again = try Self.lint([("a", Self.file)], shellcheck: sc.executable, cache: cache)
        #expect(sc.checked() == 3)
        #expect(Self.codes(again) == Self.codes(good))
        _ = try Self.lint([("a", Self.file)], shellcheck: sc.executable, cache: cache)
        #expect(sc.checked() == 3, "the damaged entry was rewritten")
    }

    /// Many writers at once (threads here; the CLI test runs two processes): every entry
    /// reads back whole, and no temporary file is left.
    @Test func concurrentWritersLeaveWholeEntries() throws {
        let folder = try RepoPaths.temporaryDirectory("dockerlings-sc-cache")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = ShellCheckCache(directory: folder)
        let comments = [ShellCheckComment(code: 2086, level: "info", message: String(repeating: "long message ", count: 400))]
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for k in 0..<50 { cache.store(comments, script: "script \(k % 10)\n", version: "0.9.0") }
            _ = worker
        }
        for k in 0..<10 { #expect(cache.lookup(script: "script \(k)\n", version: "0.9.0") == comments) }
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.entryFolder(version: "0.9.0"))
        #expect(files.count == 10)
        #expect(files.allSatisfy { $0.hasSuffix(".entry") })
    }

    /// Bounded: past the limit the oldest entries go, down to three quarters of it.
    @Test func pruningKeepsTheNewestWithinTheLimit() throws {
        let folder = try RepoPaths.temporaryDirectory("dockerlings-sc-cache")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = ShellCheckCache(directory: folder, entryLimit: 20)
        let now = Date()
        for k in 0..<30 {
            cache.store([], script: "script \(k)\n", version: "0.9.0")
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(Double(k - 30))],
                                                  ofItemAtPath: cache.entryFile(script: "script \(k)\n", version: "0.9.0"))
        }
        cache.prune()
        let kept = (0..<30).filter { cache.lookup(script: "script \($0)\n", version: "0.9.0") != nil }
        #expect(kept == Array(15..<30))
        cache.prune()
        #expect((0..<30).filter { cache.lookup(script: "script \($0)\n", version: "0.9.0") != nil }.count == 15)
    }

    @Test func theStandardFolderFollowsXDG() {
        #expect(ShellCheckCache.standard(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"])?.directory.path
            == "/x/cache/dockerlings/shellcheck")
        #expect(ShellCheckCache.standard(environment: ["HOME": "/home/u"])?.directory.path == "/home/u/.cache/dockerlings/shellcheck")
        // A relative XDG_CACHE_HOME is invalid by the spec and ignored.
        #expect(ShellCheckCache.standard(environment: ["XDG_CACHE_HOME": "rel", "HOME": "/home/u"])?.directory.path
            == "/home/u/.cache/dockerlings/shellcheck")
        #expect(ShellCheckCache.standard(environment: [:]) == nil)
    }

    /// An entry reads back exactly (messages with tabs, line breaks, backslashes, non-ASCII);
    /// a torn one (any shorter prefix) or one for another script reads as not seen.
    @Test func entriesReadBackWholeOrNotAtAll() {
        let script = "#!/bin/sh\necho \"$1\" | grep x\t\\n é\n"
        let comments = [
            ShellCheckComment(code: 2086, level: "info", message: "Double quote to prevent globbing and word splitting.",
                              line: 2, column: 6, endLine: 2, endColumn: 8),
            ShellCheckComment(code: 1234, level: "warning", message: "odd\tmessage\nwith \\ and ‘quotes’ é", line: 3, column: 1, endLine: 3, endColumn: 2),
        ]
        let bytes = ShellCheckCacheEntry.encode(script: script, comments: comments)
        #expect(ShellCheckCacheEntry.decode(bytes, script: script) == comments)
        #expect(ShellCheckCacheEntry.decode(ShellCheckCacheEntry.encode(script: script, comments: []), script: script) == [])
        #expect(ShellCheckCacheEntry.decode(bytes, script: script + " ") == nil)
        let torn = (0..<bytes.count).filter { ShellCheckCacheEntry.decode(Array(bytes.prefix($0)), script: script) != nil }
        #expect(torn.isEmpty, "prefixes read as whole: \(torn)")
        #expect(ShellCheckCacheEntry.decode(bytes + Array("x".utf8), script: script) == nil)
    }
}
