import Foundation
import Testing
import TestSupport

/// `dockerlings lint` with ShellCheck on, as a pre-commit hook runs it again and again: the
/// findings of scripts seen before come from the cache folder (here a temporary
/// XDG_CACHE_HOME, never the user's), and `--no-cache` bypasses it.
@Suite struct LintCacheCommandTests {
    let binary = RepoPaths.product("dockerlings")
    static let dockerfile = "FROM debian:12\nRUN echo $1 | grep x\nRUN cd /tmp && ls `pwd`\n"

    /// A PATH whose `shellcheck` logs each start, then runs the real one.
    func countingPath(in dir: URL) throws -> (path: String, log: URL) {
        let real = try #require(ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
            .map { "\($0)/shellcheck" }.first { FileManager.default.isExecutableFile(atPath: $0) },
            "shellcheck is not on PATH: run scripts/install-deps.sh test")
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let log = dir.appendingPathComponent("invocations")
        let wrapper = bin.appendingPathComponent("shellcheck")
        try Data("#!/bin/sh\necho \"$*\" >> '\(log.path)'\nexec '\(real)' \"$@\"\n".utf8).write(to: wrapper)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
        return ("\(bin.path):/usr/bin:/bin", log)
    }

    /// Scripts handed to shellcheck so far (a run may share them among several processes).
    func checks(_ log: URL) -> Int {
        guard let data = FileManager.default.contents(atPath: log.path) else { return 0 }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").filter { $0 != "--version" }
            .reduce(0) { $0 + $1.split(separator: " ").filter { $0.hasSuffix(".sh") }.count }
    }

    @Test func aRepeatLintStartsNoShellcheck() throws {
        let dir = try RepoPaths.temporaryDirectory("lint-cache")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (path, log) = try countingPath(in: dir)
        let file = dir.appendingPathComponent("Dockerfile")
        try Data(Self.dockerfile.utf8).write(to: file)
        // ShellCheck's scratch files go to TMPDIR; each run removes its own.
        let scratch = dir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let env = ["PATH": path, "XDG_CACHE_HOME": dir.appendingPathComponent("cache").path, "HOME": dir.path, "TMPDIR": scratch.path]
        let args = ["lint", "--no-fail", "-f", "json", file.path]

        let first = try runProcess(binary, args, environment: env)
        #expect(first.status == 0, "\(first.stderrText)")
        #expect(first.stdoutText.contains("SC2086") && first.stdoutText.contains("SC2006"))
        #expect(checks(log) == 2)
        let folder = dir.appendingPathComponent("cache/dockerlings/shellcheck")
        #expect(FileManager.default.fileExists(atPath: folder.path))

        let again = try runProcess(binary, args, environment: env)
        #expect(again.stdoutText == first.stdoutText)
        #expect(checks(log) == 2, "the repeat started shellcheck")

        let bypass = try runProcess(binary, ["lint", "--no-cache"] + args.dropFirst(), environment: env)
        #expect(bypass.stdoutText == first.stdoutText)
        #expect(checks(log) == 4, "--no-cache must check again")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == [])
    }

    /// A TMPDIR that cannot hold ShellCheck's scratch files is a clear error, not a crash.
    @Test func anUnusableTemporaryFolderIsNamed() throws {
        let dir = try RepoPaths.temporaryDirectory("lint-cache")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("Dockerfile")
        try Data(Self.dockerfile.utf8).write(to: file)
        let missing = dir.appendingPathComponent("no-such-folder").path
        let (path, _) = try countingPath(in: dir)
        let result = try runProcess(binary, ["lint", "--no-cache", file.path], environment: ["PATH": path, "TMPDIR": missing, "HOME": dir.path])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("cannot create a temporary folder for ShellCheck in \(missing)"), "\(result.stderrText)")
        #expect(result.stderrText.contains("TMPDIR"))
    }

    /// `--no-cache` neither reads nor writes the cache folder.
    @Test func noCacheLeavesNoCacheFolder() throws {
        let dir = try RepoPaths.temporaryDirectory("lint-cache")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (path, _) = try countingPath(in: dir)
        let file = dir.appendingPathComponent("Dockerfile")
        try Data(Self.dockerfile.utf8).write(to: file)
        let env = ["PATH": path, "XDG_CACHE_HOME": dir.appendingPathComponent("cache").path, "HOME": dir.path]
        let result = try runProcess(binary, ["lint", "--no-cache", "--no-fail", file.path], environment: env)
        #expect(result.stdoutText.contains("SC2086"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("cache").path))
    }

    /// Two processes filling the same empty cache at once both succeed with the full report,
    /// and what they leave serves a third without ShellCheck.
    @Test func twoProcessesWritingAtOnce() throws {
        let dir = try RepoPaths.temporaryDirectory("lint-cache")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (path, log) = try countingPath(in: dir)
        var names: [String] = []
        for k in 0..<20 {
            let name = dir.appendingPathComponent("f\(k).Dockerfile").path
            try Data("FROM debian:12\nRUN echo $\(k) | grep x\nRUN ls `pwd` /\(k)\n".utf8).write(to: URL(fileURLWithPath: name))
            names.append(name)
        }
        let env = ["PATH": path, "XDG_CACHE_HOME": dir.appendingPathComponent("cache").path, "HOME": dir.path]
        let args = ["lint", "--no-fail", "-f", "json"] + names
        let outputs = ResultsBox()
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            outputs.set(k, try? runProcess(binary, args, environment: env))
        }
        let a = try #require(outputs.get(0)), b = try #require(outputs.get(1))
        #expect(a.status == 0 && b.status == 0, "\(a.stderrText) \(b.stderrText)")
        #expect(a.stdoutText == b.stdoutText)
        #expect(a.stdoutText.components(separatedBy: "SC2006").count == 21)
        let before = checks(log)
        let third = try runProcess(binary, args, environment: env)
        #expect(third.stdoutText == a.stdoutText)
        #expect(checks(log) == before)
    }
}

private final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: ProcessResult] = [:]
    func set(_ k: Int, _ r: ProcessResult?) { lock.withLock { results[k] = r } }
    func get(_ k: Int) -> ProcessResult? { lock.withLock { results[k] } }
}
