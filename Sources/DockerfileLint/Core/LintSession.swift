import Foundation

/// One `lint` invocation over many files: the DL rules in-process, then ShellCheck over
/// all RUN scripts in as few processes as possible.
public struct LintSession: Sendable {
    public var configuration: LintConfiguration
    /// Where `shellcheck` is, when it should run; nil skips the pass.
    public var shellcheckPath: String?
    /// Lint each file with its build context (whose `.dockerignore` CopyIgnoredFile reads):
    /// `contextDirectory` when set, else the Dockerfile's own directory, as `docker build`
    /// run beside it would use. Off by default; `dockerlings lint` turns it on.
    public var readsBuildContext: Bool
    public var contextDirectory: String?

    public init(configuration: LintConfiguration, shellcheckPath: String? = nil,
                readsBuildContext: Bool = false, contextDirectory: String? = nil) {
        self.configuration = configuration
        self.shellcheckPath = shellcheckPath
        self.readsBuildContext = readsBuildContext
        self.contextDirectory = contextDirectory
    }

    /// Lints every file; results come back in input order.
    public func run(_ files: [(name: String, bytes: [UInt8])]) throws(ShellCheckError) -> [LintResult] {
        let linter = Linter(configuration: configuration)
        var jobs: [ShellCheckJob] = []
        var results: [LintResult] = []
        results.reserveCapacity(files.count)
        for (k, file) in files.enumerated() {
            let buildContext = readsBuildContext ? BuildContextSource.forDockerfile(file.name, contextDirectory: contextDirectory) : nil
            var r = linter.lint(file.bytes, file: file.name, buildContext: buildContext)
            if shellcheckPath != nil, let context = r.context { jobs += ShellCheckPass.jobs(for: context, result: k) }
            // Keep only what the report needs: the parsed file is large and done with.
            r.context = nil
            results.append(r)
        }
        if let path = shellcheckPath {
            let extra = try ShellCheckPass(executable: path).findings(for: results, jobs: jobs)
            for k in results.indices where !extra[k].isEmpty {
                linter.merge(extra[k], into: &results[k])
            }
        }
        return results
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
