import Foundation
import TerminalUI

/// Rendering the course: every lesson in Lessons/ (until the course fills it, the seed
/// notes ten times over) from Markdown source to terminal text, in colour at 100 columns
/// and plain at 80. The target is under 50 ms per round in a release build. The same run
/// times cmark-gfm's parse alone, so the cost of our layout is a ratio to the C parser.
///
///     swift build -c release --product dockerlings-bench
///     .build/release/dockerlings-bench render [--rounds N] [--lessons DIR]
enum RenderBenchmark {
    static func run(_ arguments: [String]) throws {
        var rounds = 30
        var lessonsDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Lessons")
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--rounds" where index + 1 < arguments.count:
                rounds = max(1, Int(arguments[index + 1]) ?? rounds); index += 1
            case "--lessons" where index + 1 < arguments.count:
                lessonsDirectory = URL(fileURLWithPath: arguments[index + 1]); index += 1
            default:
                throw BenchError.usage("unknown option \(arguments[index]); use --rounds N, --lessons DIR")
            }
            index += 1
        }

        let (label, documents) = try corpus(lessonsDirectory)
        let bytes = documents.reduce(0) { $0 + $1.utf8.count }
        let colour = MarkdownRenderer(options: RenderOptions(width: 100, colors: true, hyperlinks: false))
        let plain = MarkdownRenderer(options: .plain(width: 80))

        var lines = 0
        // CPU time of this thread too: on a busy machine the wall clock also counts the
        // time other processes held the CPU.
        func measure(_ renderer: MarkdownRenderer) -> (wall: [Double], cpu: [Double]) {
            var wall: [Double] = [], cpu: [Double] = []
            for _ in 0..<rounds {
                let (startWall, startCPU) = (Bench.now(), Bench.threadCPUTime())
                for document in documents { lines &+= renderer.renderLines(markdown: document).count }
                wall.append(Bench.now() - startWall)
                cpu.append(Bench.threadCPUTime() - startCPU)
            }
            return (wall, cpu)
        }
        let colourTimes = measure(colour)
        let plainTimes = measure(plain)
        var blocks = 0
        let parseOnly = Bench.samples(runs: rounds) {
            for document in documents { blocks &+= MarkdownParser.parse(document).children.count }
        }

        let colourMedian = Bench.median(colourTimes.wall)
        let parse = Bench.median(parseOnly)
        print("render corpus: \(label): \(documents.count) documents, \(bytes) bytes, \(rounds) rounds")
        print("colour, 100 columns (a terminal): median \(Bench.ms(colourMedian)), min \(Bench.ms(colourTimes.wall.min() ?? 0)), CPU median \(Bench.ms(Bench.median(colourTimes.cpu)))  [target < 50 ms]")
        print("plain, 80 columns (a pipe):       median \(Bench.ms(Bench.median(plainTimes.wall))), min \(Bench.ms(plainTimes.wall.min() ?? 0)), CPU median \(Bench.ms(Bench.median(plainTimes.cpu)))")
        print("cmark-gfm parse to the Swift tree only: median \(Bench.ms(parse)); whole colour render = \(String(format: "%.1f", colourMedian / max(parse, 1e-9)))x the parse")
        print(String(format: "throughput (colour): %.1f MB/s", Double(bytes) / 1_048_576 / colourMedian))
        _ = (lines, blocks)
    }

    /// The lessons, or the seed notes ten times over while Lessons/ has none.
    static func corpus(_ lessons: URL) throws -> (String, [String]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: lessons.path)) ?? []
        let files = names.filter { $0.hasSuffix(".md") && ($0.first?.isNumber ?? false) }.sorted()
        if !files.isEmpty {
            let documents = try files.map { try String(contentsOf: lessons.appendingPathComponent($0), encoding: .utf8) }
            return ("\(lessons.path) (\(files.count) lessons)", documents)
        }
        let seed = Bench.sharedDirectory().appendingPathComponent("seed/docker-course-notes.md")
        guard let text = try? String(contentsOf: seed, encoding: .utf8) else {
            throw BenchError.usage("no lessons in \(lessons.path) and no seed at \(seed.path): run from the repository root or set DOCKERLINGS_SHARED")
        }
        return ("seed notes x10 (Lessons/ has no lessons yet)", Array(repeating: text, count: 10))
    }

    enum BenchError: Error, CustomStringConvertible {
        case usage(String)
        var description: String {
            switch self { case .usage(let message): return message }
        }
    }
}
