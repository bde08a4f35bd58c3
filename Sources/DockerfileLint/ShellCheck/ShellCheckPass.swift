import DockerfileSyntax
import Foundation
import SystemSupport

/// ShellCheck could not be run or its output not read.
public struct ShellCheckError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// One RUN script to check, and where its findings go.
struct ShellCheckJob {
    var result: Int
    var line: Int
    var script: String
    /// Where the RUN's text is in the file, to place ShellCheck's words; nil keeps the RUN's line.
    var placement: ShellCheckPlacement?
}

/// Runs ShellCheck over the RUN scripts of many Dockerfiles at once: every distinct script
/// becomes a small file in a temporary folder, and the files are shared out in small batches
/// to one `shellcheck` process per core at a time (never one per RUN). Findings come back at
/// the RUN's first line, as hadolint reports them, with the span of the words ShellCheck
/// means (ShellCheckPlacement).
///
/// Identical scripts are checked once: ShellCheck's findings depend only on the text (a
/// third of the RUNs in a real-world corpus repeat one seen before: `apt-get update && ...`
/// with the same ARGs). Batches are small so that a slower core, or one long script, never
/// leaves the other core idle at the end.
struct ShellCheckPass {
    var executable: String
    /// Findings of scripts seen before; nil checks every script afresh.
    var cache: ShellCheckCache?
    /// Scripts per process at most, to stay far below argument-length limits.
    var chunkLimit = 400
    /// Batches per core: enough that the cores finish together.
    var batchesPerCore = 8

    static let excluded = "SC1090,SC1091,SC2187"
    static let proxyNames = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"]

    /// The scripts hadolint would give ShellCheck: shell-form RUNs (ONBUILD ones too), with
    /// a shebang from the stage's SHELL and `export NAME=1` for the ARG/ENV names seen so far
    /// that the script may need (ShellCheckScript), so ShellCheck knows those variables exist.
    static func jobs(for context: LintContext, result: Int) -> [ShellCheckJob] {
        var jobs: [ShellCheckJob] = []
        var shell = "/bin/sh"
        var names: [String] = []
        var seen = Set<String>()
        func declare(_ n: String) { if !n.isEmpty, seen.insert(n).inserted { names.append(n) } }
        for (k, item) in context.items.enumerated() {
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
                let body = context.scriptTexts[k]
                if body.hasPrefix("#!") { continue }
                let (script, bodyLine) = ShellCheckScript.text(shell: shell, declared: proxyNames + names, body: body)
                jobs.append(ShellCheckJob(result: result, line: item.line, script: script,
                                          placement: ShellCheckPlacement(item: item, origin: context.scriptOrigins[k], body: body, firstLine: bodyLine)))
            default:
                break
            }
        }
        return jobs
    }

    /// Looks the scripts up in the cache at once and, when some are missing, starts
    /// ShellCheck on a thread of its own and returns while it runs (a file whose scripts are
    /// all cached starts no thread).
    func start(files: [String], jobs: [ShellCheckJob]) -> BackgroundValue<Result<[[Finding]], ShellCheckError>> {
        let found = lookUp(jobs)
        guard !found.missing.isEmpty else { return BackgroundValue(ready: .success(report(found, files: files, jobs: jobs))) }
        return BackgroundValue { Result { () throws(ShellCheckError) in try complete(found, files: files, jobs: jobs) } }
    }

    /// The ShellCheck findings of each file (`files[k]` names the file of result k).
    func findings(files: [String], jobs: [ShellCheckJob]) throws(ShellCheckError) -> [[Finding]] {
        try complete(lookUp(jobs), files: files, jobs: jobs)
    }

    /// Checks what the cache did not know, then reports every job.
    func complete(_ found: Known, files: [String], jobs: [ShellCheckJob]) throws(ShellCheckError) -> [[Finding]] {
        var known = found
        try checkMissing(&known)
        return report(known, files: files, jobs: jobs)
    }

    /// The distinct scripts of the jobs and ShellCheck's comments on each as far as known.
    struct Known: Sendable {
        var scripts: [String] = []
        /// `scriptOfJob[k]` is the script of job k.
        var scriptOfJob: [Int] = []
        var comments: [[ShellCheckComment]?] = []
        var version: String?
        /// `shellcheck --version`, being asked while the scripts are checked.
        var asking: BackgroundValue<String?>?
        var missing: [Int] { scripts.indices.filter { comments[$0] == nil } }
    }

    /// Finds each distinct script's comments in the cache (identical scripts are checked once).
    func lookUp(_ jobs: [ShellCheckJob]) -> Known {
        var known = Known()
        var indexOfScript: [String: Int] = [:]
        for job in jobs {
            if let s = indexOfScript[job.script] { known.scriptOfJob.append(s); continue }
            indexOfScript[job.script] = known.scripts.count
            known.scriptOfJob.append(known.scripts.count)
            known.scripts.append(job.script)
        }
        known.comments = Array(repeating: nil, count: known.scripts.count)
        guard !jobs.isEmpty, let cache else { return known }
        known.version = cache.knownVersion(of: executable)
        if known.version == nil {
            if cache.exists {
                // A shellcheck not seen before (or upgraded): its version says which entries apply.
                known.version = ShellCheckCache.askVersion(of: executable)
                if let version = known.version { cache.remember(version: version, of: executable) }
            } else {
                // An empty cache has nothing to reuse: ask while the scripts are checked.
                known.asking = BackgroundValue { ShellCheckCache.askVersion(of: executable) }
            }
        }
        if let version = known.version {
            for s in known.scripts.indices { known.comments[s] = cache.lookup(script: known.scripts[s], version: version) }
        }
        return known
    }

    /// Runs ShellCheck over the scripts the cache did not know, and keeps what it says.
    func checkMissing(_ known: inout Known) throws(ShellCheckError) {
        let missing = known.missing
        guard !missing.isEmpty else { return }
        let fresh = try check(missing.map { known.scripts[$0] })
        for (n, s) in missing.enumerated() { known.comments[s] = fresh[n] }
        if let learnt = known.asking?.value() {
            cache?.remember(version: learnt, of: executable)
            known.version = learnt
        }
        if let cache, let version = known.version {
            for (n, s) in missing.enumerated() { cache.store(fresh[n], script: known.scripts[s], version: version) }
            // Counting the entries costs a directory listing: do it on one writing run in 16.
            if Int.random(in: 0..<16) == 0 { cache.prune() }
        }
    }

    /// Each file's findings from the comments.
    func report(_ known: Known, files: [String], jobs: [ShellCheckJob]) -> [[Finding]] {
        var out = Array(repeating: [Finding](), count: files.count)
        // hadolint 2.15.1 keeps one ShellCheck comment per RUN: the last one ShellCheck
        // prints. To report the same findings we do the same.
        for (k, job) in jobs.enumerated() {
            guard let c = known.comments[known.scriptOfJob[k]]?.last else { continue }
            let level: Severity
            switch c.level {
            case "error": level = .error
            case "warning": level = .warning
            case "info": level = .info
            default: level = .style
            }
            out[job.result].append(Finding(
                code: "SC\(c.code)", severity: level, message: c.message,
                range: SourceRange(lines: job.line, job.line), file: files[job.result],
                span: job.placement?.span(line: c.line, column: c.column, endLine: c.endLine, endColumn: c.endColumn)))
        }
        return out
    }

    /// Runs ShellCheck over `scripts` and returns each one's comments, in order.
    func check(_ scripts: [String]) throws(ShellCheckError) -> [[ShellCheckComment]] {
        let dir = try ScratchFolder(prefix: "dockerlings-sc-")
        defer { dir.remove() }
        for (f, script) in scripts.enumerated() where !dir.write("r\(f).sh", Array(script.utf8)) {
            throw ShellCheckError(description: "cannot write \(dir.path)/r\(f).sh for ShellCheck: \(String(cString: strerror(errno)))")
        }
        let files = scripts.count
        let cores = files > 1 ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
        let perProcess = min(chunkLimit, max(1, files / (cores * batchesPerCore)))
        var chunks: [Range<Int>] = []
        var start = 0
        while start < files {
            chunks.append(start..<min(files, start + perProcess))
            start += perProcess
        }
        // One worker per core takes the next batch as soon as its last one is done.
        let batches = chunks
        let folder = dir.path
        let outputs = ParallelOutputs<Result<Data, ShellCheckError>>(count: batches.count)
        DispatchQueue.concurrentPerform(iterations: min(cores, batches.count)) { _ in
            while let k = outputs.claimNext() {
                outputs.store(Result { () throws(ShellCheckError) in try run(batches[k], in: folder) }, at: k)
            }
        }
        var comments = [[ShellCheckComment]](repeating: [], count: files)
        for output in outputs.take() {
            try ShellCheckPass.read(try output.get(), into: &comments)
        }
        return comments
    }

    /// Runs one `shellcheck` over files `r<k>.sh` for k in `batch`; returns its JSON report.
    func run(_ batch: Range<Int>, in folder: String) throws(ShellCheckError) -> Data {
        let output: ChildOutput
        do {
            output = try ChildProcess.runAndWait(executable, ["--norc", "-f", "json1", "-e", ShellCheckPass.excluded, "--"] + batch.map { "r\($0).sh" },
                                                 currentDirectory: folder, timeout: .seconds(300))
        } catch let error as ChildProcessError {
            switch error {
            case .notFound, .notExecutable, .cannotStart:
                throw ShellCheckError(description: "\(error). Install shellcheck or pass --shellcheck never.")
            default:
                throw ShellCheckError(description: "shellcheck did not finish: \(error)")
            }
        } catch {
            throw ShellCheckError(description: "shellcheck did not finish: \(error)")
        }
        // ShellCheck exits 1 when it has findings; anything else is a failure.
        guard output.status == 0 || output.status == 1 else {
            throw ShellCheckError(description: "shellcheck failed (exit \(output.status)): \(output.stderrText.prefix(300))")
        }
        let data = output.stdout
        return data
    }

    /// Files the comments of a `json1` report under their script (`r<k>.sh` is script k).
    static func read(_ data: Data, into comments: inout [[ShellCheckComment]]) throws(ShellCheckError) {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw ShellCheckError(description: "shellcheck printed something that is not its JSON report")
        }
        guard let list = (object as? [String: Any])?["comments"] as? [[String: Any]] else {
            throw ShellCheckError(description: "shellcheck's JSON report has no comments list")
        }
        for c in list {
            guard let file = c["file"] as? String, file.hasPrefix("r"), file.hasSuffix(".sh"),
                  let f = Int(file.dropFirst().dropLast(3)), f < comments.count, let code = c["code"] as? Int else { continue }
            comments[f].append(ShellCheckComment(code: code, level: c["level"] as? String ?? "style",
                                                 message: c["message"] as? String ?? "",
                                                 line: c["line"] as? Int ?? 0, column: c["column"] as? Int ?? 0,
                                                 endLine: c["endLine"] as? Int ?? 0, endColumn: c["endColumn"] as? Int ?? 0))
        }
    }
}
