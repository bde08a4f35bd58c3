/// A typed instruction: what BuildKit's `instructions` package makes of a raw node.
/// Each case carries a struct with the instruction's own fields and its `raw` node.
public enum Instruction: Hashable, Sendable {
    case from(FromInstruction)
    case run(RunInstruction)
    case cmd(CommandInstruction)
    case entrypoint(CommandInstruction)
    case copy(CopyInstruction)
    case add(CopyInstruction)
    case env(KeyValueInstruction)
    case label(KeyValueInstruction)
    case arg(ArgInstruction)
    case expose(ExposeInstruction)
    case user(UserInstruction)
    case workdir(PathInstruction)
    case volume(VolumeInstruction)
    case shell(ShellInstruction)
    case stopsignal(StopsignalInstruction)
    case healthcheck(HealthcheckInstruction)
    case maintainer(MaintainerInstruction)
    case onbuild(OnbuildInstruction)
    /// A word BuildKit does not know; `Dockerfile.problems` says so.
    case unknown(RawInstruction)

    public var raw: RawInstruction {
        switch self {
        case .from(let i): i.raw
        case .run(let i): i.raw
        case .cmd(let i), .entrypoint(let i): i.raw
        case .copy(let i), .add(let i): i.raw
        case .env(let i), .label(let i): i.raw
        case .arg(let i): i.raw
        case .expose(let i): i.raw
        case .user(let i): i.raw
        case .workdir(let i): i.raw
        case .volume(let i): i.raw
        case .shell(let i): i.raw
        case .stopsignal(let i): i.raw
        case .healthcheck(let i): i.raw
        case .maintainer(let i): i.raw
        case .onbuild(let i): i.raw
        case .unknown(let raw): raw
        }
    }

    /// The instruction word in upper case (`RUN`), as error messages and rules name it.
    public var keyword: String { raw.keyword.uppercased() }

    public var range: SourceRange { raw.range }
}

/// How CMD, ENTRYPOINT, RUN and HEALTHCHECK commands are written.
public enum CommandForm: Hashable, Sendable {
    /// `["executable", "arg"]`: run directly, no shell.
    case exec([String])
    /// `executable arg`: run through the stage's SHELL (`/bin/sh -c` by default).
    case shell(String)

    public var isExec: Bool { if case .exec = self { true } else { false } }

    /// The words as written: the JSON elements, or the shell text as one string.
    public var text: String {
        switch self {
        case .exec(let words): words.joined(separator: " ")
        case .shell(let text): text
        }
    }

    init(_ raw: RawInstruction, arguments: [String]? = nil) {
        let args = arguments ?? raw.arguments
        self = raw.isJSON ? .exec(args) : .shell(args.first ?? "")
    }
}
