/// A typed instruction as a list of named fields: what `parse --format tree` prints and
/// what `--format json` encodes, from one description.
public enum FieldValue: Hashable, Sendable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case list([String])
    case null
}

public enum InstructionFields {
    public static func fields(of instruction: Instruction) -> [(String, FieldValue)] {
        func opt(_ s: String?) -> FieldValue { s.map(FieldValue.string) ?? .null }
        func form(_ c: CommandForm?) -> [(String, FieldValue)] {
            switch c {
            case .exec(let words)?: [("form", .string("exec")), ("command", .list(words))]
            case .shell(let text)?: [("form", .string("shell")), ("command", .string(text))]
            case nil: []
            }
        }
        switch instruction {
        case .from(let i):
            return [("image", .string(i.image)), ("registry", opt(i.reference.registry)),
                    ("repository", .string(i.reference.repository)), ("tag", opt(i.reference.tag)),
                    ("digest", opt(i.reference.digest)), ("platform", opt(i.platform)), ("alias", opt(i.alias))]
        case .run(let i):
            return form(i.command) + [
                ("mounts", .list(i.mounts.map { m in (["type=\(m.type)"] + m.fields.keys.sorted().filter { $0 != "type" }.map { "\($0)=\(m.fields[$0]!)" }).joined(separator: ",") })),
                ("network", opt(i.network)), ("security", opt(i.security)),
                ("heredocs", .list(i.heredocs.map(\.name)))]
        case .cmd(let i), .entrypoint(let i):
            return form(i.command)
        case .copy(let i), .add(let i):
            return [("sources", .list(i.sources)), ("destination", .string(i.destination)), ("from", opt(i.from)),
                    ("chown", opt(i.chown)), ("chmod", opt(i.chmod)), ("link", .bool(i.link)),
                    ("heredocs", .list(i.heredocs.map(\.name)))]
        case .env(let i), .label(let i):
            return i.pairs.map { ($0.key, .string($0.value)) }
        case .arg(let i):
            return i.args.map { ($0.name, opt($0.defaultValue)) }
        case .expose(let i): return [("ports", .list(i.ports))]
        case .user(let i): return [("user", .string(i.name)), ("group", opt(i.group))]
        case .workdir(let i): return [("path", .string(i.path))]
        case .volume(let i): return [("paths", .list(i.paths))]
        case .shell(let i): return [("shell", .list(i.shell))]
        case .stopsignal(let i): return [("signal", .string(i.signal))]
        case .maintainer(let i): return [("maintainer", .string(i.maintainer))]
        case .healthcheck(let i):
            return [("none", .bool(i.isNone))] + form(i.command) + [
                ("interval", opt(i.interval)), ("timeout", opt(i.timeout)), ("startPeriod", opt(i.startPeriod)),
                ("startInterval", opt(i.startInterval)), ("retries", i.retries.map(FieldValue.int) ?? .null)]
        case .onbuild(let i):
            return [("trigger", opt(i.trigger.map { ASTDump.dump($0.raw) }))]
        case .unknown(let raw):
            return [("text", .string(raw.original))]
        }
    }
}
