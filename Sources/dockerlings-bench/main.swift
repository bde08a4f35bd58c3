import Foundation

// dockerlings-bench AREA [options]: release-build benchmarks, one file per area.
// Build with `swift build -c release --product dockerlings-bench`.
let benchmarks: [String: ([String]) throws -> Void] = [
    "parse": ParseBenchmark.run,
    "store": StoreBenchmark.run,
    "analyze": AnalyzeBenchmark.run,
    "render": RenderBenchmark.run,
    "lint": LintBenchmark.run,
    "lint-cli": LintProcessBenchmark.run,
    "seed": SeedBenchmark.run,
    "regrade-bundles": RegradeBundles.run,
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let area = arguments.first, let run = benchmarks[area] else {
    print("usage: dockerlings-bench AREA [options]\nareas: \(benchmarks.keys.sorted().joined(separator: ", "))")
    exit(2)
}
do {
    try run(Array(arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("dockerlings-bench \(area): \(error)\n".utf8))
    exit(1)
}
