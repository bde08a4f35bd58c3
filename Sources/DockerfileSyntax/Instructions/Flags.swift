/// BuildKit's per-instruction flag rules (instructions/bflag.go): which `--flags` an
/// instruction accepts, bool versus string, repeatable or not.
struct FlagSpec {
    enum Kind { case bool, string, strings }
    var flags: [String: Kind]
    /// ARG, STOPSIGNAL and HEALTHCHECK NONE never look at their flags.
    var ignoresFlags = false

    static let none = FlagSpec(flags: [:])

    static let add = FlagSpec(flags: ["chown": .string, "chmod": .string, "link": .bool, "keep-git-dir": .bool,
                                      "checksum": .string, "unpack": .bool, "exclude": .strings])
    static let copy = FlagSpec(flags: ["from": .string, "chown": .string, "chmod": .string, "link": .bool,
                                       "parents": .bool, "exclude": .strings])
    static let from = FlagSpec(flags: ["platform": .string])
    static let run = FlagSpec(flags: ["mount": .strings, "network": .string, "security": .string, "device": .strings])
    static let healthcheck = FlagSpec(flags: ["interval": .string, "timeout": .string, "start-period": .string,
                                              "start-interval": .string, "retries": .string])
    static let unchecked = FlagSpec(flags: [:], ignoresFlags: true)

    static func of(_ kind: InstructionKind) -> FlagSpec {
        switch kind {
        case .add: .add
        case .copy: .copy
        case .from: .from
        case .run: .run
        case .healthcheck: .healthcheck
        case .arg, .stopsignal: .unchecked
        default: .none
        }
    }
}

/// Parsed `--flag` values of one instruction.
public struct Flags: Hashable, Sendable {
    public private(set) var values: [String: [String]] = [:]
    var problems: [String] = []

    public func string(_ name: String) -> String? { values[name]?.last }
    public func strings(_ name: String) -> [String] { values[name] ?? [] }
    public func bool(_ name: String) -> Bool {
        guard let v = values[name]?.last else { return false }
        return v.lowercased() == "true"
    }

    init(_ words: [String], spec: FlagSpec) {
        guard !spec.ignoresFlags, !words.isEmpty else { return }
        var seen: Set<String> = []
        for word in words {
            guard word.hasPrefix("--") else { continue }
            let body = word.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let value: String? = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
            guard let kind = spec.flags[name] else {
                problems.append("unknown flag: --\(name)")
                continue
            }
            if kind != .strings && seen.contains(name) {
                problems.append("duplicate flag specified: --\(name)")
                continue
            }
            seen.insert(name)
            switch kind {
            case .bool:
                switch value?.lowercased() {
                case nil: values[name] = ["true"]
                case "true", "false": values[name] = [value!.lowercased()]
                default: problems.append("expecting boolean value for flag \(name), not: \(value!)")
                }
            case .string, .strings:
                guard let value else {
                    problems.append("missing a value on flag: --\(name)")
                    continue
                }
                values[name, default: []].append(value)
            }
        }
    }
}
