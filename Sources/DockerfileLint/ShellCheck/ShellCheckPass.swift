import DockerfileSyntax
import Foundation

/// ShellCheck could not be run or its output not read.
public struct ShellCheckError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// One RUN script to check, and where its findings go.
struct ShellCheckJob {
    var result: Int
    var line: Int
    var script: String
}

/// Runs ShellCheck over the RUN scripts of many Dockerfiles at once: every script becomes a
/// small file in a temporary folder, and the files are split over one `shellcheck` process
/// per core (never one per RUN). Findings come back at the RUN's first line, as hadolint
/// reports them.
struct ShellCheckPass {
    var executable: String
    /// Scripts per process at most, to stay far below argument-length limits.
    var chunkLimit = 400

    static let excluded = "SC1090,SC1091,SC2187"
    static let proxyNames = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"]

    /// The scripts hadolint would give ShellCheck: shell-form RUNs (ONBUILD ones too), with
    /// a shebang from the stage's SHELL and `export NAME=1` for every ARG/ENV seen so far, so
    /// ShellCheck knows those variables exist.
    static func jobs(for context: LintContext, result: Int) -> [ShellCheckJob] {
        var jobs: [ShellCheckJob] = []
        var shell = "/bin/sh"
        var names: [String] = []
        var seen = Set<String>()
        func declare(_ n: String) { if !n.isEmpty, seen.insert(n).inserted { names.append(n) } }
        for item in context.items {
            switch item.name {
            case "from":
                if !item.isOnbuild { shell = "/bin/sh" }
            case "shell":
                if !item.isOnbuild, let first = item.arguments.first { shell = first }
            case "arg":
                for a in item.arguments { declare(String(a.prefix { $0 != "=" })) }
                // hadolint 2.15.1 forgets a custom SHELL at a later ARG/ENV (fixed upstream
                // after that release); ShellCheck findings must match that version.
                shell = "/bin/sh"
            case "env":
                for p in item.pairs { declare(p.key) }
                shell = "/bin/sh"
            case "run":
                guard !item.node.isJSON else { continue }
                let lower = shell.lowercased()
                if ["pwsh", "powershell", "cmd"].contains(where: { lower.hasPrefix($0) }) { continue }
                let body = LintContext.scriptText(item, lines: context.lines)
                if body.hasPrefix("#!") { continue }
                var script = "#!\(shell)\n"
                for n in proxyNames + names where isName(n) { script += "export \(n)=1\n" }
                script += body
                script += "\n"
                jobs.append(ShellCheckJob(result: result, line: item.line, script: script))
            default:
                break
            }
        }
        return jobs
    }

    static func isName(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f == "_" || (f.properties.isAlphabetic && f.isASCII) else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    func findings(for results: [LintResult], jobs: [ShellCheckJob]) throws(ShellCheckError) -> [[Finding]] {
        var out = Array(repeating: [Finding](), count: results.count)
        guard !jobs.isEmpty else { return out }

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dockerlings-sc-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw ShellCheckError(description: "cannot create a temporary folder for ShellCheck: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        for (k, job) in jobs.enumerated() {
            let url = dir.appendingPathComponent("r\(k).sh")
            guard FileManager.default.createFile(atPath: url.path, contents: Data(job.script.utf8)) else {
                throw ShellCheckError(description: "cannot write \(url.path) for ShellCheck")
            }
        }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let perProcess = min(chunkLimit, max(1, (jobs.count + cores - 1) / cores))
        var chunks: [Range<Int>] = []
        var start = 0
        while start < jobs.count {
            chunks.append(start..<min(jobs.count, start + perProcess))
            start += perProcess
        }
        // Keep at most one process per core running; start the next as one finishes.
        var pending = chunks[...]
        var running: [(Process, Pipe, OutputCollector)] = []
        func launch(_ chunk: Range<Int>) throws(ShellCheckError) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: executable)
            p.currentDirectoryURL = dir
            p.arguments = ["--norc", "-f", "json1", "-e", ShellCheckPass.excluded, "--"] + chunk.map { "r\($0).sh" }
            let stdout = Pipe(), stderr = Pipe()
            p.standardOutput = stdout
            p.standardError = stderr
            p.standardInput = FileHandle.nullDevice
            let collector = OutputCollector(stdout.fileHandleForReading)
            do {
                try p.run()
            } catch {
                throw ShellCheckError(description: "cannot start \(executable): \(error.localizedDescription). Install shellcheck or pass --shellcheck never.")
            }
            running.append((p, stderr, collector))
        }
        while running.count < cores, let next = pending.popFirst() { try launch(next) }
        while !running.isEmpty {
            let (p, stderr, collector) = running.removeFirst()
            let data = collector.wait()
            p.waitUntilExit()
            // ShellCheck exits 1 when it has findings; anything else is a failure.
            guard p.terminationStatus == 0 || p.terminationStatus == 1 else {
                let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                throw ShellCheckError(description: "shellcheck failed (exit \(p.terminationStatus)): \(message.prefix(300))")
            }
            try ShellCheckPass.read(data, jobs: jobs, results: results, into: &out)
            if let next = pending.popFirst() { try launch(next) }
        }
        return out
    }

    static func read(_ data: Data, jobs: [ShellCheckJob], results: [LintResult], into out: inout [[Finding]]) throws(ShellCheckError) {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw ShellCheckError(description: "shellcheck printed something that is not its JSON report")
        }
        guard let comments = (object as? [String: Any])?["comments"] as? [[String: Any]] else {
            throw ShellCheckError(description: "shellcheck's JSON report has no comments list")
        }
        // hadolint 2.15.1 keeps one ShellCheck comment per RUN: the last one ShellCheck
        // prints. To report the same findings we do the same.
        var last: [Int: [String: Any]] = [:]
        for c in comments {
            guard let file = c["file"] as? String, file.hasPrefix("r"), file.hasSuffix(".sh"),
                  let k = Int(file.dropFirst().dropLast(3)), k < jobs.count, c["code"] is Int else { continue }
            last[k] = c
        }
        for (k, c) in last.sorted(by: { $0.key < $1.key }) {
            let job = jobs[k]
            let code = c["code"] as? Int ?? 0
            let level: Severity
            switch c["level"] as? String {
            case "error": level = .error
            case "warning": level = .warning
            case "info": level = .info
            default: level = .style
            }
            out[job.result].append(Finding(
                code: "SC\(code)", severity: level, message: c["message"] as? String ?? "",
                range: SourceRange(lines: job.line, job.line), file: results[job.result].file))
        }
    }
}

/// Reads a pipe to its end on a background thread, so a full pipe never blocks the child.
final class OutputCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
