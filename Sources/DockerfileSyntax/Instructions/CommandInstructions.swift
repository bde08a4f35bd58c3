/// `CMD` and `ENTRYPOINT`: exec or shell form.
public struct CommandInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    public var command: CommandForm
}

/// `SHELL ["executable", "parameters"]`.
public struct ShellInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    public var shell: [String]
}

/// `HEALTHCHECK [options] CMD command` or `HEALTHCHECK NONE`.
public struct HealthcheckInstruction: Hashable, Sendable {
    public var raw: RawInstruction
    public var isNone: Bool
    public var command: CommandForm?
    public var interval: String?
    public var timeout: String?
    public var startPeriod: String?
    public var startInterval: String?
    public var retries: Int?
}
