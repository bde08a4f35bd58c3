/// `USER user[:group]`.
public struct UserInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    public var user: String
    public var name: String { String(user.prefix { $0 != ":" }) }
    public var group: String? { user.contains(":") ? String(user.drop { $0 != ":" }.dropFirst()) : nil }
    public var isRoot: Bool { Self.isRoot(user) }

    /// Whether `USER value` (or an image's configured user) means root: `root` or uid 0,
    /// with or without a group.
    public static func isRoot(_ user: String) -> Bool {
        user == "root" || user == "0" || user.hasPrefix("root:") || user.hasPrefix("0:")
    }
}

/// `WORKDIR path`.
public struct PathInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    public var path: String
}

/// `EXPOSE port[/proto] …`, sorted as BuildKit sorts them.
public struct ExposeInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    public var ports: [String]
}

/// `VOLUME path …` or `VOLUME ["path"]`.
public struct VolumeInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    public var paths: [String]
}

/// `STOPSIGNAL signal`.
public struct StopsignalInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    public var signal: String
}

/// `MAINTAINER name` (deprecated in favour of a label).
public struct MaintainerInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    public var maintainer: String
}

/// `ONBUILD instruction`: the trigger runs in images built FROM this one.
public struct OnbuildInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    private var box: [Instruction]
    /// The trigger, typed.
    public var trigger: Instruction? { box.first }

    init(raw: RawInstruction, trigger: Instruction?) {
        self.raw = raw
        self.box = trigger.map { [$0] } ?? []
    }
}
