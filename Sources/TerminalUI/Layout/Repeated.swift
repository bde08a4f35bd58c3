/// Runs of spaces and rule characters, cut from long prebuilt strings: padding and
/// borders are on every line of a frame or table, and building them character by
/// character showed up in profiles.
enum Repeated {
    private static let spaceRun = String(repeating: " ", count: 512)
    private static let ruleRun = String(repeating: "─", count: 512)

    static func spaces(_ count: Int) -> String {
        guard count > 0 else { return "" }
        guard count <= 512 else { return String(repeating: " ", count: count) }
        return String(spaceRun[..<spaceRun.utf8.index(spaceRun.startIndex, offsetBy: count)])
    }

    /// `─` repeated `count` times (three UTF-8 bytes each).
    static func rule(_ count: Int) -> String {
        guard count > 0 else { return "" }
        guard count <= 512 else { return String(repeating: "─", count: count) }
        return String(ruleRun[..<ruleRun.utf8.index(ruleRun.startIndex, offsetBy: 3 * count)])
    }
}
