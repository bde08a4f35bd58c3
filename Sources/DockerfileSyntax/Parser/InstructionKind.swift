/// The instruction words BuildKit knows, so dispatch is a switch over an enum rather than
/// a chain of string comparisons.
public enum InstructionKind: String, Hashable, Sendable, CaseIterable {
    case add, arg, cmd, copy, entrypoint, env, expose, from, healthcheck, label, maintainer
    case onbuild, run, shell, stopsignal, user, volume, workdir
    case unknown

    private static let byName: [String: InstructionKind] = Dictionary(
        uniqueKeysWithValues: allCases.filter { $0 != .unknown }.map { ($0.rawValue, $0) })

    /// The kind of a lowercased instruction word.
    init(lowercased name: String) {
        self = Self.byName[name] ?? .unknown
    }
}
