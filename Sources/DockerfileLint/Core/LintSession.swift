import Foundation

/// One `lint` invocation over many files: the DL rules in-process on every core, then
/// ShellCheck over all RUN scripts in as few processes as possible (none for scripts whose
/// findings are in the cache).
public struct LintSession: Sendable {
    public var configuration: LintConfiguration
    /// Where `shellcheck` is, when it should run; nil skips the pass.
    public var shellcheckPath: String?
    /// Lint each file with its build context (whose `.dockerignore` CopyIgnoredFile reads):
    /// `contextDirectory` when set, else the Dockerfile's own directory, as `docker build`
    /// run beside it would use. Off by default; `dockerlings lint` turns it on.
    public var readsBuildContext: Bool
    public var contextDirectory: String?
    /// ShellCheck findings kept between runs; nil runs ShellCheck on every script.
    public var shellcheckCache: ShellCheckCache?

    public init(configuration: LintConfiguration, shellcheckPath: String? = nil,
                readsBuildContext: Bool = false, contextDirectory: String? = nil,
                shellcheckCache: ShellCheckCache? = nil) {
        self.configuration = configuration
        self.shellcheckPath = shellcheckPath
        self.readsBuildContext = readsBuildContext
        self.contextDirectory = contextDirectory
        self.shellcheckCache = shellcheckCache
    }

    /// Lints every file; results come back in input order. Files are shared out to one
    /// worker per core; each keeps only the current file's parse (a result keeps its
    /// findings and lines), so memory grows with the findings, not with parse trees.
    public func run(_ files: [(name: String, bytes: [UInt8])]) throws(ShellCheckError) -> [LintResult] {
        if files.count == 1, let path = shellcheckPath {
            return [try runOne(files[0], linter: Linter(configuration: configuration), shellcheck: path)]
        }
        return try each(files) { linter, file, buildContext in
            (linter.lint(file.bytes, file: file.name, buildContext: buildContext), ())
        }.map(\.result)
    }

    /// `lint --fix`: fixes every file (on every core, as `run` lints them), then runs
    /// ShellCheck over the fixed files. Each outcome's `result` is the report of what is
    /// left: the fixer's own verifying lint, so a fixed file is linted twice in all and a
    /// file with nothing to fix once, as `run` would.
    public func fix(_ files: [(name: String, bytes: [UInt8])], unsafe: Bool) throws(ShellCheckError) -> [FixOutcome] {
        try each(files) { linter, file, buildContext in
            var outcome = linter.fix(file.bytes, file: file.name, buildContext: buildContext, unsafe: unsafe)
            let result = outcome.result
            // The parsed file goes with `result` (for ShellCheck's scripts), then is dropped.
            outcome.result.context = nil
            return (result, outcome)
        }.map { result, outcome in
            var outcome = outcome
            outcome.result = result
            return outcome
        }
    }

    /// Runs `work` on every file across the cores, then ShellCheck over the results' RUN
    /// scripts; gives each file's result (ShellCheck's findings merged) and what else
    /// `work` made of it, in input order.
    private func each<Extra>(_ files: [(name: String, bytes: [UInt8])],
                             _ work: @escaping @Sendable (Linter, (name: String, bytes: [UInt8]), BuildContextSource?) -> (LintResult, Extra))
        throws(ShellCheckError) -> [(result: LintResult, extra: Extra)] {
        let linter = Linter(configuration: configuration)
        let outputs = ParallelOutputs<(LintResult, Extra, [ShellCheckJob])>(count: files.count)
        let lintOne: @Sendable (Int) -> Void = { k in
            let file = files[k]
            let buildContext = readsBuildContext ? BuildContextSource.forDockerfile(file.name, contextDirectory: contextDirectory) : nil
            var (r, extra) = work(linter, file, buildContext)
            var jobs: [ShellCheckJob] = []
            if shellcheckPath != nil, let context = r.context { jobs = ShellCheckPass.jobs(for: context, result: k) }
            // Keep only what the report needs: the parsed file is large and done with.
            r.context = nil
            outputs.store((r, extra, jobs), at: k)
        }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        if files.count < 2 || cores < 2 {
            // One file: no threads to start (the common case of an editor or a hook).
            for k in files.indices { lintOne(k) }
        } else {
            DispatchQueue.concurrentPerform(iterations: min(cores, files.count)) { _ in
                while let k = outputs.claimNext() { lintOne(k) }
            }
        }
        var results: [LintResult] = []
        var extras: [Extra] = []
        var jobs: [ShellCheckJob] = []
        results.reserveCapacity(files.count)
        extras.reserveCapacity(files.count)
        for (result, extra, fileJobs) in outputs.take() {
            results.append(result)
            extras.append(extra)
            jobs += fileJobs
        }
        if let path = shellcheckPath {
            let extra = try ShellCheckPass(executable: path, cache: shellcheckCache).findings(files: results.map(\.file), jobs: jobs)
            for k in results.indices where !extra[k].isEmpty {
                linter.merge(extra[k], into: &results[k])
            }
        }
        return Array(zip(results, extras)).map { (result: $0.0, extra: $0.1) }
    }

    /// One file with ShellCheck on (an editor, a hook, `watch`): ShellCheck starts as soon as
    /// the file is parsed and runs on the other core while the rules do, so its start-up and
    /// the rules overlap instead of adding up.
    func runOne(_ file: (name: String, bytes: [UInt8]), linter: Linter, shellcheck: String) throws(ShellCheckError) -> LintResult {
        let buildContext = readsBuildContext ? BuildContextSource.forDockerfile(file.name, contextDirectory: contextDirectory) : nil
        let prepared = linter.prepare(file.bytes, file: file.name, buildContext: buildContext)
        let jobs = prepared.context.map { ShellCheckPass.jobs(for: $0, result: 0) } ?? []
        let pending = ShellCheckPass(executable: shellcheck, cache: shellcheckCache).start(files: [file.name], jobs: jobs)
        var result = linter.applyRules(to: prepared)
        result.context = nil
        let extra = try pending.value().get()
        linter.merge(extra[0], into: &result)
        return result
    }

    /// Exit status for results: 1 when a finding reaches the threshold (and no-fail is off).
    public func exitStatus(_ results: [LintResult]) -> Int32 {
        if configuration.noFail { return 0 }
        let hit = results.contains { $0.findings.contains { configuration.failureThreshold.isReached(by: $0.severity) } }
        return hit ? 1 : 0
    }

    /// Finds `shellcheck` on PATH.
    public static func findShellcheck(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/shellcheck"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }
}

/// Slots filled by worker threads in any order, read back in input order.
final class ParallelOutputs<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The next index nobody has taken, if any.
    func claimNext() -> Int? {
        lock.withLock {
            guard next < slots.count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func store(_ value: Value, at k: Int) { lock.withLock { slots[k] = value } }

    /// Every slot, in order (each must have been stored).
    func take() -> [Value] { lock.withLock { slots.map { $0! } } }
}
