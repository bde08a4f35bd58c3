/// Variable scoping as BuildKit applies it: global ARGs (before the first FROM) are only
/// visible to FROM lines, unless a stage re-declares them with `ARG NAME`; ENV and ARG
/// inside a stage are visible to the instructions after them. Expansion uses `ShellLexer`.
public struct BuildEnvironment: Sendable {
    /// Values given with `--build-arg`, which override ARG defaults.
    public var buildArgs: [String: String]

    public static let platformArgs: [String: String] = [
        "BUILDPLATFORM": "linux/amd64", "BUILDOS": "linux", "BUILDARCH": "amd64", "BUILDVARIANT": "",
        "BUILDOSVERSION": "",
        "TARGETPLATFORM": "linux/amd64", "TARGETOS": "linux", "TARGETARCH": "amd64", "TARGETVARIANT": "",
        "TARGETOSVERSION": "",
    ]

    public init(buildArgs: [String: String] = [:]) {
        self.buildArgs = buildArgs
    }

    /// Global ARG values (defaults expanded in order, overridden by build args). A default
    /// that does not expand (`${X:?}`) is kept as written.
    public func globalArgs(of file: Dockerfile) -> [String: String] {
        globalArgs(of: file, keepingUnexpandable: true) ?? [:]
    }

    /// Global ARG values as BuildKit's linter reads them: nil when a default does not expand,
    /// where BuildKit leaves the error to the build and checks nothing.
    public func globalArgsIfTheyExpand(of file: Dockerfile) -> [String: String]? {
        globalArgs(of: file, keepingUnexpandable: false)
    }

    private func globalArgs(of file: Dockerfile, keepingUnexpandable: Bool) -> [String: String]? {
        var values: [String: String] = [:]
        let lexer = ShellLexer(escape: file.directives.escape)
        for arg in file.metaArgs {
            for declaration in arg.args {
                if let given = buildArgs[declaration.name] {
                    values[declaration.name] = given
                } else if let value = declaration.defaultValue {
                    let snapshot = values
                    if let expanded = try? lexer.processWord(value, environment: { snapshot[$0] ?? Self.platformArgs[$0] }) {
                        values[declaration.name] = expanded
                    } else if keepingUnexpandable {
                        values[declaration.name] = value
                    } else {
                        return nil
                    }
                }
            }
        }
        return values
    }

    /// The image a FROM names after expanding global and platform ARGs.
    public func image(of from: FromInstruction, in file: Dockerfile) -> String {
        let globals = globalArgs(of: file)
        let lexer = ShellLexer(escape: file.directives.escape)
        return (try? lexer.processWord(from.image, environment: { globals[$0] ?? Self.platformArgs[$0] })) ?? from.image
    }

    /// The variables visible to each instruction of a stage: `result[i]` is what
    /// `stage.instructions[i]` sees (ENV and ARG before it, expanded).
    public func scopes(of stage: Stage, in file: Dockerfile) -> [[String: String]] {
        let globals = globalArgs(of: file)
        let lexer = ShellLexer(escape: file.directives.escape)
        var visible: [String: String] = [:]
        var scopes: [[String: String]] = []
        scopes.reserveCapacity(stage.instructions.count)
        for instruction in stage.instructions {
            scopes.append(visible)
            let snapshot = visible
            let expand: (String) -> String = { text in
                (try? lexer.processWord(text, environment: { snapshot[$0] })) ?? text
            }
            switch instruction {
            case .env(let env):
                var next = visible
                for pair in env.pairs {
                    next[expand(pair.key)] = expand(pair.value)
                }
                visible = next
            case .arg(let arg):
                for declaration in arg.args {
                    if let given = buildArgs[declaration.name] {
                        visible[declaration.name] = given
                    } else if let value = declaration.defaultValue {
                        visible[declaration.name] = expand(value)
                    } else if let global = globals[declaration.name] {
                        visible[declaration.name] = global
                    } else if let platform = Self.platformArgs[declaration.name] {
                        visible[declaration.name] = platform
                    }
                }
            default:
                break
            }
        }
        return scopes
    }
}
