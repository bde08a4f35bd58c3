import Foundation
import ImageAnalysis

/// Turns builder output into `BuildEvent`s. Reads, line by line and telling them apart by
/// shape: the classic builder (`Step 2/5 : RUN ...`, ` ---> Using cache`), BuildKit's plain
/// progress (`#5 [2/3] RUN ...`, `#5 0.12 output`, `#5 CACHED`, `#5 DONE 0.2s`, `#5 ERROR: ...`),
/// and BuildKit's `--progress=rawjson` (one JSON SolveStatus per line, from buildx).
/// It also remembers enough to describe a failure: the failing step and its last lines.
public struct BuildOutputParser: Sendable {
    struct Step: Sendable { var step: Int?; var total: Int?; var stage: String?; var instruction: String; var tail: [String] = []; var classic = false }

    private var classicCurrent: Step?
    private var vertices: [String: Step] = [:]   // BuildKit "#N" or rawjson digest → step
    private var startedVertices: Set<String> = []
    private var finishedVertices: Set<String> = []
    private var lastFailed: Step?
    private var failureMessage: String?
    private var failureCode: Int?
    /// Every line seen, last few kept for error reports.
    private(set) var recentLines: [String] = []
    static let tailLength = 20

    public init() {}

    /// Feeds one line of output; returns the events it makes.
    public mutating func feed(_ rawLine: String) -> [BuildEvent] {
        let line = stripANSI(rawLine)
        remember(line)
        if line.hasPrefix("{") { return feedRawJSON(line) }
        if line.hasPrefix("#"), let events = feedBuildKit(line) { return events }
        return feedClassic(line)
    }

    /// What failed, once a step has failed.
    public func failure(instructions: [SourceInstruction]) -> BuildFailure? {
        guard let step = lastFailed else { return nil }
        return BuildFailure(step: step.step, stage: step.stage, instruction: step.instruction,
                            line: Self.line(for: step, in: instructions),
                            exitCode: failureCode, message: failureMessage ?? "", outputTail: step.tail.isEmpty ? Array(recentLines.suffix(8)) : step.tail)
    }

    // MARK: classic

    private mutating func feedClassic(_ line: String) -> [BuildEvent] {
        if let m = BuildLineShapes.classicStep(line) {
            let step = Step(step: m.step, total: m.total, stage: nil, instruction: m.instruction, classic: true)
            classicCurrent = step
            return [BuildEvent(kind: .stepStarted, step: step.step, total: step.total, instruction: step.instruction)]
        }
        let trimmed = Self.trimmed(line)
        if trimmed == "---> Using cache" {
            return [event(.cacheHit, classicCurrent)]
        }
        if trimmed.hasPrefix("---> Running in ") || trimmed.hasPrefix("Removing intermediate container") || trimmed.hasPrefix("---> [Warning]") {
            return [BuildEvent(kind: .message, text: trimmed)]
        }
        if BuildLineShapes.isClassicImageID(trimmed) {
            return [event(.stepFinished, classicCurrent)]
        }
        if let m = BuildLineShapes.classicFailure(line) {
            failureCode = m.code
            failureMessage = line
            lastFailed = classicCurrent ?? Step(instruction: m.command)
            var e = event(.stepFailed, classicCurrent)
            e.text = line; e.exitCode = failureCode
            return [e]
        }
        if line.hasPrefix("Sending build context") || line.hasPrefix("Successfully built") || line.hasPrefix("Successfully tagged")
            || line.hasPrefix("DEPRECATED:") || line.hasPrefix("            ") || trimmed.isEmpty {
            return [BuildEvent(kind: .message, text: line)]
        }
        if classicCurrent != nil, !(line.hasPrefix("Error response from daemon") || line.hasPrefix("ERROR:")) {
            classicCurrent?.tail.append(line)
            if classicCurrent!.tail.count > Self.tailLength { classicCurrent!.tail.removeFirst() }
            var e = event(.output, classicCurrent)
            e.text = line
            return [e]
        }
        return [BuildEvent(kind: .message, text: line)]
    }

    // MARK: BuildKit plain

    private mutating func feedBuildKit(_ line: String) -> [BuildEvent]? {
        guard let (id, rest) = BuildLineShapes.buildKitVertex(line) else { return nil }
        if let s = BuildLineShapes.buildKitStep(rest) {
            let step = Step(step: s.step, total: s.total, stage: s.stage, instruction: s.instruction)
            vertices[id] = step
            guard startedVertices.insert(id).inserted else { return [] }
            return [event(.stepStarted, step)]
        }
        if rest.hasPrefix("[") {  // [internal] load build definition, etc.
            return [BuildEvent(kind: .message, text: rest)]
        }
        if rest.hasPrefix("sha256:") { return [] }
        let step = vertices[id]
        if rest == "CACHED" { return step == nil ? [] : [event(.cacheHit, step)] }
        if rest.hasPrefix("DONE") {
            guard step != nil, finishedVertices.insert(id).inserted else { return [] }
            return [event(.stepFinished, step)]
        }
        if rest.hasPrefix("ERROR") {
            let message = rest.hasPrefix("ERROR: ") ? String(rest.dropFirst(7)) : rest
            return [fail(id: id, message: message)]
        }
        if let text = BuildLineShapes.buildKitOutput(rest) {
            vertices[id]?.tail.append(text)
            if let count = vertices[id]?.tail.count, count > Self.tailLength { vertices[id]?.tail.removeFirst() }
            var e = event(.output, vertices[id])
            e.text = text
            return [e]
        }
        return [BuildEvent(kind: .message, text: rest)]
    }

    private mutating func fail(id: String, message: String) -> BuildEvent {
        failureMessage = message
        if let code = message.firstMatch(of: /exit code: (\d+)/) { failureCode = Int(code.1) }
        lastFailed = vertices[id] ?? Step(instruction: message)
        var e = event(.stepFailed, vertices[id])
        e.text = message; e.exitCode = failureCode
        return e
    }

    // MARK: rawjson (buildx --progress=rawjson)

    private struct SolveStatus: Decodable {
        struct Vertex: Decodable { var digest: String; var name: String?; var started: String?; var completed: String?; var cached: Bool?; var error: String? }
        struct Log: Decodable { var vertex: String; var data: String? }
        var vertexes: [Vertex]?
        var logs: [Log]?
    }

    private mutating func feedRawJSON(_ line: String) -> [BuildEvent] {
        guard let status = try? JSONDecoder().decode(SolveStatus.self, from: Data(line.utf8)) else {
            return classicCurrent == nil ? [BuildEvent(kind: .message, text: line)] : feedClassic(line)
        }
        var events: [BuildEvent] = []
        for v in status.vertexes ?? [] {
            let name = v.name ?? ""
            if vertices[v.digest] == nil {
                if let s = BuildLineShapes.buildKitStep(name) {
                    vertices[v.digest] = Step(step: s.step, total: s.total, stage: s.stage, instruction: s.instruction)
                } else {
                    vertices[v.digest] = Step(instruction: name)
                }
            }
            let step = vertices[v.digest]
            let isStep = step?.step != nil
            if v.started != nil, startedVertices.insert(v.digest).inserted {
                events.append(isStep ? event(.stepStarted, step) : BuildEvent(kind: .message, text: name))
            }
            if v.cached == true, isStep { events.append(event(.cacheHit, step)) }
            if let error = v.error, !error.isEmpty {
                events.append(fail(id: v.digest, message: error))
            } else if v.completed != nil, isStep, finishedVertices.insert(v.digest).inserted {
                events.append(event(.stepFinished, step))
            }
        }
        for log in status.logs ?? [] {
            guard let encoded = log.data, let data = Data(base64Encoded: encoded) else { continue }
            for piece in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true) {
                let text = stripANSI(String(piece))
                vertices[log.vertex]?.tail.append(text)
                if let count = vertices[log.vertex]?.tail.count, count > Self.tailLength { vertices[log.vertex]?.tail.removeFirst() }
                var e = event(.output, vertices[log.vertex])
                e.text = text
                events.append(e)
            }
        }
        return events
    }

    // MARK: helpers

    private func event(_ kind: BuildEvent.Kind, _ step: Step?) -> BuildEvent {
        BuildEvent(kind: kind, step: step?.step, total: step?.total, stage: step?.stage, instruction: step?.instruction)
    }

    /// The line without surrounding blanks. Most lines have none at either end, and are
    /// told so from their first and last bytes without Foundation's Unicode-aware trimming.
    private static func trimmed(_ line: String) -> String {
        guard let first = line.utf8.first, let last = line.utf8.last else { return line }
        func plain(_ b: UInt8) -> Bool { b < 0x80 && b != 0x20 && b != 0x09 && b != 0x0b && b != 0x0c }
        return plain(first) && plain(last) ? line : line.trimmingCharacters(in: .whitespaces)
    }

    private mutating func remember(_ line: String) {
        recentLines.append(line)
        if recentLines.count > Self.tailLength { recentLines.removeFirst() }
    }

    /// Maps a builder's step number back to a Dockerfile line.
    /// classic: step n is the n-th instruction of the file. BuildKit: step k of a stage is the
    /// k-th instruction of that stage (1 is its FROM); the stage is named, `stage-N`, or the only one.
    static func line(for step: Step, in instructions: [SourceInstruction]) -> Int? {
        guard let n = step.step, n >= 1, !instructions.isEmpty else { return nil }
        if step.classic { return n <= instructions.count ? instructions[n - 1].line : nil }
        // Split into stages. BuildKit numbers a stage's steps from its FROM, except when the
        // stage is built FROM an earlier stage: then there is no FROM step and RUN is 1/m.
        var stages: [(name: String?, items: [SourceInstruction])] = []
        for instruction in instructions {
            let keyword = instruction.text.prefix { !$0.isWhitespace }.uppercased()
            if keyword == "FROM" {
                let operands = instruction.text.split(whereSeparator: \.isWhitespace).dropFirst().filter { !$0.hasPrefix("--") }
                let asIndex = operands.firstIndex { $0.uppercased() == "AS" }
                let name = asIndex.flatMap { $0 + 1 < operands.endIndex ? String(operands[$0 + 1]).lowercased() : nil }
                let base = operands.first.map { String($0).lowercased() } ?? ""
                let fromStage = stages.contains { $0.name == base } || Int(base).map { $0 < stages.count } == true
                stages.append((name, fromStage ? [] : [instruction]))
            } else if stages.isEmpty {
                continue  // ARG before the first FROM is not part of a stage
            } else {
                stages[stages.count - 1].items.append(instruction)
            }
        }
        var stageIndex: Int?
        if let name = step.stage?.lowercased() {
            if let s = name.wholeMatch(of: /stage-(\d+)/), let i = Int(s.1), i < stages.count { stageIndex = i }
            else { stageIndex = stages.firstIndex { $0.name == name } }
        } else if let total = step.total {
            stageIndex = stages.count == 1 ? 0 : stages.lastIndex { $0.items.count == total }
        }
        if let i = stageIndex, n <= stages[i].items.count { return stages[i].items[n - 1].line }
        return nil
    }
}
