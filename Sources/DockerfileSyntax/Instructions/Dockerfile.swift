/// A Dockerfile read the way BuildKit reads it: directives, global ARGs, stages of typed
/// instructions, and the build-time problems BuildKit would report.
public struct Dockerfile: Sendable {
    public var parsed: ParsedDockerfile
    /// Every instruction in file order, typed (meta ARGs included).
    public var instructions: [Instruction]
    /// ARGs before the first FROM (global build arguments).
    public var metaArgs: [ArgInstruction]
    public var stages: [Stage]
    /// What BuildKit would reject when building, although the file parses
    /// (an unknown instruction, a bad flag, a RUN before any FROM…).
    public var problems: [DockerfileError]

    public var directives: Directives { parsed.directives }
    public var warnings: [ParseWarning] { parsed.warnings }

    public static func parse(_ bytes: [UInt8]) throws(DockerfileError) -> Dockerfile {
        Dockerfile(try DockerfileParser.parse(bytes))
    }

    public static func parse(_ text: String) throws(DockerfileError) -> Dockerfile {
        try parse(Array(text.utf8))
    }

    public init(_ parsed: ParsedDockerfile) {
        self.parsed = parsed
        var problems: [DockerfileError] = []
        var instructions: [Instruction] = []
        var metaArgs: [ArgInstruction] = []
        var stages: [Stage] = []
        instructions.reserveCapacity(parsed.instructions.count)
        for raw in parsed.instructions {
            let typed = InstructionBuilder.build(raw, problems: &problems)
            instructions.append(typed)
            switch typed {
            case .from(let from):
                stages.append(Stage(index: stages.count, from: from, instructions: []))
            case .arg(let arg) where stages.isEmpty:
                metaArgs.append(arg)
            default:
                if stages.isEmpty {
                    problems.append(DockerfileError(.instruction, "no build stage in current context", range: raw.range))
                } else {
                    stages[stages.count - 1].instructions.append(typed)
                }
            }
        }
        self.instructions = instructions
        self.metaArgs = metaArgs
        self.stages = stages
        self.problems = problems
    }

    /// The stage a `--from=` or `FROM name` refers to: by name (latest wins) or index.
    public func stage(named reference: String) -> Stage? {
        let lowered = reference.lowercased()
        if let named = stages.last(where: { $0.name == lowered }) { return named }
        if let index = Int(reference), stages.indices.contains(index) { return stages[index] }
        return nil
    }
}

/// One build stage: its FROM and the instructions up to the next FROM.
public struct Stage: Sendable {
    public var index: Int
    public var from: FromInstruction
    /// The instructions after FROM, in order.
    public var instructions: [Instruction]

    /// The stage name (lowercased), if it has one.
    public var name: String? { from.alias }

    /// From the FROM line to the end of the last instruction.
    public var range: SourceRange {
        SourceRange(start: from.raw.range.start, end: instructions.last?.range.end ?? from.raw.range.end)
    }
}
