import DockerfileLint
import Foundation
import SystemSupport

/// `dockerlings-bench lint`: the linter against hadolint, side by side in one run.
///   1. the whole corpus (../shared/corpus/real) in one process: ours with ShellCheck off,
///      ours with it on, hadolint (which always runs ShellCheck); medians and ratios;
///   2. one ~30-line Dockerfile as a fresh process each time (what a CI step or an editor
///      pays): `dockerlings lint` vs `hadolint`;
///   3. peak memory (max RSS) of `dockerlings lint` over the whole corpus.
enum LintBenchmark {
    static func run(_ args: [String]) throws {
        var runs = 5
        var hadolint = defaultHadolint()
        var k = 0
        while k < args.count {
            switch args[k] {
            case "--runs": k += 1; runs = Int(args[k]) ?? runs
            case "--hadolint": k += 1; hadolint = args[k]
            case "--no-hadolint": hadolint = nil
            default: throw BenchError("unknown option \(args[k]); use --runs N, --hadolint PATH, --no-hadolint")
            }
            k += 1
        }
        let corpus = Bench.sharedDirectory().appendingPathComponent("corpus/real")
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path)
            .filter { $0.hasSuffix(".Dockerfile") }.sorted()
        guard !names.isEmpty else { throw BenchError("no Dockerfiles in \(corpus.path); set DOCKERLINGS_SHARED") }
        let paths = names.map { corpus.appendingPathComponent($0).path }
        let shellcheck = LintSession.findShellcheck()
        let cli = siblingBinary("dockerlings")
        print("lint benchmark: \(names.count) Dockerfiles, \(runs) runs each (medians); shellcheck: \(shellcheck ?? "not found"); hadolint: \(hadolint ?? "skipped")")

        // 1. corpus, in process (reading the files included).
        func lintCorpus(_ sc: String?) throws -> Int {
            let files = try paths.map { (name: $0, bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0)))) }
            let results = try LintSession(configuration: LintConfiguration(), shellcheckPath: sc).run(files)
            return results.reduce(0) { $0 + $1.findings.count }
        }
        var findings = 0
        let off = Bench.median(try Bench.samples(runs: runs) { findings = try lintCorpus(nil) })
        print("  corpus, ours, ShellCheck off:   \(Bench.ms(off))  (\(findings) findings)")
        var on: Double?
        if let sc = shellcheck {
            let t = Bench.median(try Bench.samples(runs: max(1, min(runs, 3))) { findings = try lintCorpus(sc) })
            on = t
            print("  corpus, ours, ShellCheck on:    \(Bench.ms(t))  (\(findings) findings)")
        }
        var single: String?
        if let h = hadolint {
            let t = Bench.median(try Bench.samples(runs: max(1, min(runs, 3))) {
                try spawn(h, ["--no-fail", "-f", "json"] + paths)
            })
            print("  corpus, hadolint (one process): \(Bench.ms(t))")
            print(String(format: "  ratio hadolint / ours, ShellCheck off: %.1fx", t / off))
            if let on { print(String(format: "  ratio hadolint / ours, ShellCheck on:  %.2fx", t / on)) }
        }

        // 2. one ~30-line file, a fresh process per run.
        // Only files hadolint parses (no DL1000 in its findings), or it would exit before
        // doing the work we compare against.
        single = try thirtyLineFile(paths)
        if let file = single, let cli {
            let n = max(runs, 10)
            let oursOff = Bench.median(try Bench.samples(runs: n) { try spawn(cli, ["lint", "--no-fail", "--shellcheck", "never", "-f", "json", file]) })
            print("  single file (\(URL(fileURLWithPath: file).lastPathComponent), 30 lines), ours, ShellCheck off: \(Bench.ms(oursOff))")
            if shellcheck != nil {
                let oursOn = Bench.median(try Bench.samples(runs: n) { try spawn(cli, ["lint", "--no-fail", "-f", "json", file]) })
                print("  single file, ours, ShellCheck on:  \(Bench.ms(oursOn))")
            }
            if let h = hadolint {
                let t = Bench.median(try Bench.samples(runs: n) { try spawn(h, ["--no-fail", "-f", "json", file]) })
                print("  single file, hadolint:             \(Bench.ms(t))")
            }
        }

        // 3. peak memory of the CLI over the whole corpus.
        if let cli {
            let off = try spawn(cli, ["lint", "--no-fail", "--shellcheck", "never", "-f", "json"] + paths)
            print(String(format: "  peak memory, dockerlings lint over the corpus, ShellCheck off: %.1f MB", Double(off) / 1024))
            if shellcheck != nil {
                let on = try spawn(cli, ["lint", "--no-fail", "-f", "json"] + paths)
                print(String(format: "  peak memory, same with ShellCheck on (dockerlings process): %.1f MB", Double(on) / 1024))
            }
        } else {
            print("  (dockerlings binary not found next to dockerlings-bench: build both products)")
        }
    }

    /// The corpus file closest to 30 lines among those hadolint parses (no DL1000 in its
    /// findings), or it would exit before doing the work we compare against.
    static func thirtyLineFile(_ paths: [String]) throws -> String? {
        let findingsURL = URL(fileURLWithPath: paths.first ?? "").deletingLastPathComponent().appendingPathComponent("hadolint.json")
        let known = (try? JSONSerialization.jsonObject(with: Data(contentsOf: findingsURL))) as? [String: [[String: Any]]] ?? [:]
        let parsedByHadolint = paths.filter { p in
            !(known[URL(fileURLWithPath: p).lastPathComponent] ?? []).contains { $0["code"] as? String == "DL1000" }
        }
        let lineCounts = try parsedByHadolint.map { p in (p, try String(contentsOfFile: p, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count) }
        return lineCounts.min { abs($0.1 - 30) < abs($1.1 - 30) }?.0
    }

    struct BenchError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func defaultHadolint() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let h = env["HADOLINT"] { return h }
        for dir in (env["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/hadolint"
            // Prefer the real binary over a Python shim in front of it.
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static func siblingBinary(_ name: String) -> String? {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let p = me.deletingLastPathComponent().appendingPathComponent(name).path
        return FileManager.default.isExecutableFile(atPath: p) ? p : nil
    }

    /// Runs a program with output discarded and returns its peak RSS in KB.
    @discardableResult
    static func spawn(_ program: String, _ args: [String]) throws -> Int {
        try ChildProcess.runAndWait(program, args, outputs: .discarded).peakResidentKilobytes ?? 0
    }
}
