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

    private static let spellings: [(InstructionKind, [UInt8])] = allCases
        .filter { $0 != .unknown }.map { ($0, Array($0.rawValue.utf8)) }

    /// The kind of an instruction word as written, compared without regard to ASCII case
    /// (the parser's hot path: no lowercased copy, no hashing).
    init<C: Collection>(keyword bytes: C) where C.Element == UInt8 {
        let count = bytes.count
        for (kind, spelling) in Self.spellings where spelling.count == count {
            var same = true
            var i = bytes.startIndex
            for expected in spelling {
                let b = bytes[i]
                let lowered = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                if lowered != expected { same = false; break }
                i = bytes.index(after: i)
            }
            if same { self = kind; return }
        }
        // Unicode case folding can still make a keyword (the Kelvin sign lowercases to `k`).
        if bytes.contains(where: { $0 >= 0x80 }) {
            self.init(lowercased: String(decoding: bytes, as: UTF8.self).lowercased())
        } else {
            self = .unknown
        }
    }
}
