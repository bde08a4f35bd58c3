import DockerfileSyntax
import Foundation

/// Parser throughput: every corpus file parsed 50 times (MB/s), and linearity at 1, 10
/// and 20 MB of Dockerfile text.
enum ParseBenchmark {
    static func run(_ arguments: [String]) throws {
        let corpus = Bench.sharedDirectory().appendingPathComponent("corpus/real")
        let files = try FileManager.default.contentsOfDirectory(at: corpus, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "Dockerfile" }
            .map { [UInt8](try Data(contentsOf: $0)) }
        let totalBytes = files.reduce(0) { $0 + $1.count }
        // `--rounds N` (default 50); `--corpus-only` skips the linearity runs.
        let rounds = arguments.firstIndex(of: "--rounds").flatMap { Int(arguments[$0 + 1]) } ?? 50
        var instructions = 0
        print("corpus: \(files.count) files, \(totalBytes) bytes, \(rounds) rounds each")
        // The parser (BuildKit's AST), then the parser plus the typed layer and stages.
        let modes = arguments.contains("--parser-only") ? [("parser", false)]
            : [("parser", false), ("parser + typed instructions", true)]
        for (label, typed) in modes {
            var perRound: [Double] = []
            let cpuStart = Bench.cpuTime()
            for _ in 0..<rounds {
                let start = Bench.now()
                for bytes in files {
                    if typed {
                        if let file = try? Dockerfile.parse(bytes) { instructions &+= file.instructions.count }
                    } else if let file = try? DockerfileParser.parse(bytes) {
                        instructions &+= file.instructions.count
                    }
                }
                perRound.append(Bench.now() - start)
            }
            let median = Bench.median(perRound)
            let cpuPerRound = (Bench.cpuTime() - cpuStart) / Double(rounds)
            print(String(format: "%@: median %.2f ms per round, %.1f MB/s wall (%.1f MB/s of CPU time)", label,
                         median * 1000, Double(totalBytes) / 1_048_576 / median,
                         Double(totalBytes) / 1_048_576 / cpuPerRound))
        }

        if arguments.contains("--corpus-only") { return }
        // Linearity: the same realistic text repeated to 1, 10 and 20 MB.
        let valid = files.filter { file in
            (try? DockerfileParser.parse(file))?.directives.escape == "\\" && !endsWithContinuation(file)
        }
        let unit: [UInt8] = valid.prefix(200).flatMap { $0 + [UInt8(0x0A)] }
        for megabytes in [1, 10, 20] {
            var text: [UInt8] = []
            text.reserveCapacity(megabytes << 20 + unit.count)
            while text.count < megabytes << 20 { text += unit }
            let times = try Bench.samples(runs: 5) { _ = try DockerfileParser.parse(text) }
            let t = Bench.median(times)
            print(String(format: "%2d MB: median %.1f ms, %.1f MB/s", megabytes, t * 1000, Double(text.count) / 1_048_576 / t))
        }
        _ = instructions
    }

    /// A file whose last line ends in `\` would swallow the next file's first line.
    static func endsWithContinuation(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        let last = text.split(whereSeparator: \.isNewline).last { !$0.allSatisfy(\.isWhitespace) } ?? ""
        return last.trimmingCharacters(in: .whitespaces).hasSuffix("\\")
    }
}
