import Foundation
import ProgressStore

/// `dockerlings-bench store [--learners N] [--exercises N] [--bundles N] [--runs N]`
///
/// The ProgressStore's three budgets, on real SQLite files in a temporary folder:
/// recording one attempt (< 5 ms, committed with synchronous=FULL), exporting
/// 10,000 learners × 20 exercises = 200,000 attempts to CSV (< 3 s), and importing
/// 1,000 signed bundles into a gradebook (< 10 s). Prints medians of wall time, and of the
/// process's CPU time (user + system, all threads) over the same runs: on a busy machine
/// wall time also counts waiting for a core, CPU time does not.
enum StoreBenchmark {
    static func run(_ arguments: [String]) throws {
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
                  let value = Int(arguments[index + 1]) else { return fallback }
            return value
        }
        let learners = option("--learners", 10_000), exercises = option("--exercises", 20)
        let bundles = option("--bundles", 1_000), runs = option("--runs", 3)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dockerlings-bench-store-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        try benchRecord(in: dir)
        try benchExport(in: dir, learners: learners, exercises: exercises, runs: runs)
        try benchImport(in: dir, bundles: bundles, exercises: exercises, runs: runs)
    }

    static func attempt(_ exercise: Int, learner: Int, index: Int) -> NewAttempt {
        let passed = (learner + index) % 3 != 0
        let start = Date(timeIntervalSince1970: 1_800_000_000 + Double(learner * 10_000 + index * 300))
        let report = GradeReport(
            checks: [
                .init(id: "lint", title: "Lint is clean", status: .pass),
                .init(id: "stages", title: "Two or more stages", status: passed ? .pass : .fail, detail: passed ? nil : "1 stage"),
                .init(id: "size", title: "Within the size budget", status: passed ? .pass : .fail),
                .init(id: "runs", title: "Answers on port 5000", status: .pass),
            ],
            metrics: .init(imageBytes: Int64(60_000_000 + (learner % 97) * 1_000_000), baselineBytes: 1_000_000_000, layers: 7, buildSeconds: 3.2),
            points: passed ? 10 : 5, pointsPossible: 10)
        return NewAttempt(exerciseID: "exercise-\(String(format: "%02d", exercise))", startedAt: start,
                          finishedAt: start.addingTimeInterval(8), report: report,
                          dockerfile: "FROM python:3.12-slim AS build\nRUN pip install flask\nFROM python:3.12-slim\nUSER app\n# \(learner)-\(index)\n",
                          toolVersion: "bench", hintsSeen: index > 5 ? ["h1"] : [])
    }

    static func benchRecord(in dir: URL) throws {
        let store = try ProgressStore.open(at: dir.appendingPathComponent("record.sqlite"))
        let learner = Learner(id: "ann@example.com", name: "Ann")
        for index in 0..<20 { try store.record(attempt(index % 20, learner: 0, index: index), by: learner) }
        var times: [Double] = []
        for index in 0..<500 {
            let next = attempt(index % 20, learner: 0, index: index)
            times.append(try Bench.time { try store.record(next, by: learner) } * 1000)
        }
        times.sort()
        print(String(format: "store record: 1 attempt (committed, synchronous=FULL, %d in the history): median %.3f ms, p90 %.3f ms, max %.3f ms  [budget 5 ms]",
                     try store.attemptCount(), times[times.count / 2], times[times.count * 9 / 10], times.last ?? 0))
    }

    static func benchExport(in dir: URL, learners: Int, exercises: Int, runs: Int) throws {
        let store = try ProgressStore.open(at: dir.appendingPathComponent("class.sqlite"))
        let fillStart = Date()
        var batch: [(Learner, NewAttempt)] = []
        for learnerIndex in 0..<learners {
            let learner = Learner(id: "learner\(learnerIndex)@school.example", name: "Learner \(learnerIndex)")
            for exercise in 0..<exercises { batch.append((learner, attempt(exercise, learner: learnerIndex, index: exercise))) }
            if batch.count >= 20_000 { try store.recordAll(batch); batch.removeAll(keepingCapacity: true) }
        }
        try store.recordAll(batch)
        let catalog = (0..<exercises).map { ExerciseInfo(id: "exercise-\(String(format: "%02d", $0))", title: "Exercise \($0)", points: 10) }
        print(String(format: "store export: filled %d learners × %d exercises = %d attempts in %.1f s",
                     learners, exercises, try store.attemptCount(), Date().timeIntervalSince(fillStart)))
        let queryStart = Date()
        let standings = try store.standings(catalog: catalog)
        print(String(format: "store export: of which the standings query (%d rows): %.3f s", standings.count, Date().timeIntervalSince(queryStart)))
        var times: [Double] = [], cpu: [Double] = []
        var bytes: UInt64 = 0
        for run in 0..<runs {
            let out = dir.appendingPathComponent("export-\(run).csv")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            let handle = try FileHandle(forWritingTo: out)
            let start = Bench.now(), cpuStart = Bench.cpuTime()
            try store.export(.csv, catalog: catalog, to: handle)
            try handle.synchronize()
            times.append(Bench.now() - start)
            cpu.append(Bench.cpuTime() - cpuStart)
            try handle.close()
            bytes = (try FileManager.default.attributesOfItem(atPath: out.path)[.size] as? NSNumber)?.uint64Value ?? 0
            try? FileManager.default.removeItem(at: out)
        }
        times.sort()
        print(String(format: "store export: CSV of %d rows (%.1f MB): median %.3f s over %d runs (min %.3f, max %.3f), CPU median %.3f s  [budget 3 s]",
                     learners * exercises, Double(bytes) / 1e6, times[times.count / 2], runs, times.first ?? 0, times.last ?? 0,
                     Bench.median(cpu)))
    }

    static func benchImport(in dir: URL, bundles: Int, exercises: Int, runs: Int) throws {
        let key = Data("bench-class-key".utf8)
        let source = try ProgressStore.open(at: dir.appendingPathComponent("learners.sqlite"))
        var batch: [(Learner, NewAttempt)] = []
        var learners: [Learner] = []
        for index in 0..<bundles {
            let learner = Learner(id: "student\(index)@school.example", name: "Student \(index)")
            learners.append(learner)
            for exercise in 0..<exercises { batch.append((learner, attempt(exercise, learner: index, index: exercise))) }
        }
        try source.recordAll(batch)
        let folder = dir.appendingPathComponent("bundles")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files: [URL] = []
        for learner in learners {
            let url = folder.appendingPathComponent("\(learner.id).json")
            try source.makeBundle(for: learner, key: key, toolVersion: "bench").write(to: url)
            files.append(url)
        }
        var times: [Double] = [], cpu: [Double] = []
        for run in 0..<runs {
            let gradebook = try ProgressStore.open(at: dir.appendingPathComponent("gradebook-\(run).sqlite"))
            let start = Bench.now(), cpuStart = Bench.cpuTime()
            let results = try gradebook.importBundles(files, key: key)
            times.append(Bench.now() - start)
            cpu.append(Bench.cpuTime() - cpuStart)
            let imported = results.filter { if case .imported = $0.outcome { true } else { false } }.count
            guard imported == bundles, try gradebook.attemptCount() == bundles * exercises else {
                throw BenchFailure(message: "import benchmark: only \(imported) of \(bundles) bundles went in")
            }
        }
        times.sort()
        print(String(format: "store import: %d signed bundles × %d attempts (chains and HMACs verified): median %.3f s over %d runs (min %.3f, max %.3f), CPU median %.3f s (on %d cores)  [budget 10 s]",
                     bundles, exercises, times[times.count / 2], runs, times.first ?? 0, times.last ?? 0,
                     Bench.median(cpu), ProcessInfo.processInfo.activeProcessorCount))
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
