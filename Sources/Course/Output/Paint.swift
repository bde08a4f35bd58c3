/// SGR colour for the course's text outputs, or none (NO_COLOR, a pipe, `--plain`).
struct Paint: Sendable {
    var colour: Bool

    func callAsFunction(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
