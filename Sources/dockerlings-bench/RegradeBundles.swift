import Foundation
import ProgressStore

/// `dockerlings-bench regrade-bundles --report R.json --dockerfile F --exercise ID --count N --key K --out DIR`
///
/// Setup for scripts/bench-regrade.sh: N learners' signed bundles, each holding one attempt of
/// `F` that claims the report `check --format json` gave for it (one real grade, instead of
/// N learners each grading the same file first). The bundles are what `submit --key` writes.
enum RegradeBundles {
    static func run(_ arguments: [String]) throws {
        func option(_ name: String) throws -> String {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else {
                throw BenchFailure(message: "regrade-bundles needs \(name)")
            }
            return arguments[index + 1]
        }
        let report = try JSONDecoder().decode(GradeReport.self, from: Data(contentsOf: URL(fileURLWithPath: try option("--report"))))
        let dockerfile = try String(contentsOfFile: try option("--dockerfile"), encoding: .utf8)
        let exercise = try option("--exercise"), key = Data(try option("--key").utf8)
        let out = URL(fileURLWithPath: try option("--out"))
        guard let count = Int(try option("--count")), count > 0 else { throw BenchFailure(message: "--count must be a number above 0") }
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for index in 1...count {
            let learner = Learner(id: "learner\(index)@class", name: "Learner \(index)")
            let store = try ProgressStore.open(at: out.appendingPathComponent("learner-\(index).sqlite"))
            let now = Date()
            try store.record(NewAttempt(exerciseID: exercise, startedAt: now, finishedAt: now, report: report,
                                        dockerfile: dockerfile, toolVersion: "bench"), by: learner)
            try store.makeBundle(for: learner, key: key, toolVersion: "bench")
                .write(to: out.appendingPathComponent("bundle-\(index).json"))
        }
        print("wrote \(count) bundles to \(out.path)")
    }
}
