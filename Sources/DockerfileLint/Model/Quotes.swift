/// Quote characters around a word as the rules see it (hadolint compares words unquoted).
enum Quotes {
    /// Strips one pair of matching `"` or `'` from both ends.
    static func unquote(_ s: String) -> String {
        guard s.count >= 2, let f = s.first, f == "\"" || f == "'", s.last == f else { return s }
        return String(s.dropFirst().dropLast())
    }

    /// Strips any `"` and `'` characters at both ends.
    static func strip(_ s: String) -> String {
        var sub = Substring(s)
        while let f = sub.first, f == "\"" || f == "'" { sub = sub.dropFirst() }
        while let l = sub.last, l == "\"" || l == "'" { sub = sub.dropLast() }
        return String(sub)
    }
}
