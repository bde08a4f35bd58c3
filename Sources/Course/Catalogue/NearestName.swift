/// "Did you mean …?" for a mistyped exercise or lesson id: the known name closest by edit
/// distance, when it is close enough to be a typo (or contains what was typed).
public enum NearestName {
    public static func suggestion(for typed: String, among names: [String]) -> String? {
        let wanted = typed.lowercased()
        if let containing = names.first(where: { $0.contains(wanted) && wanted.count >= 3 }) { return containing }
        let scored = names.map { ($0, distance(Array(wanted), Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, wanted.count / 3) ? best.0 : nil
    }

    /// Levenshtein distance, one row at a time.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
