import Foundation

/// Timing helpers shared by the benchmark areas: the wall and CPU clocks (thread, process,
/// reaped children), samples and their median, the load average printed beside each figure.
enum Bench {
    /// Wall-clock seconds (monotonic).
    static func now() -> Double { seconds(on: CLOCK_MONOTONIC) }

    /// CPU seconds the calling thread has used: one render's own cost, whatever else runs.
    static func threadCPUTime() -> Double { seconds(on: CLOCK_THREAD_CPUTIME_ID) }

    private static func seconds(on clock: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// CPU seconds (user + system) this process has used, or with `children` its reaped
    /// children have: steadier than wall time when the machine is busy with other work.
    static func cpuTime(children: Bool = false) -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(children ? RUSAGE_CHILDREN : RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// The seconds one run of `body` took.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    /// Runs `body` `runs` times and returns the seconds each run took.
    static func samples(runs: Int, _ body: () throws -> Void) rethrows -> [Double] {
        var out: [Double] = []
        for _ in 0..<runs { out.append(try time(body)) }
        return out
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// The machine's load averages (1, 5, 15 minutes): printed beside every figure.
    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "unknown"
    }

    /// ../shared next to the repository, from the working directory or the binary's place.
    static func sharedDirectory() -> URL {
        if let env = ProcessInfo.processInfo.environment["DOCKERLINGS_SHARED"] { return URL(fileURLWithPath: env) }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).deletingLastPathComponent()
            .appendingPathComponent("shared")
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
}
