#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the program knows about where its output goes: a terminal or not, how big, and
/// what the user asked for through the environment (`NO_COLOR`, `FORCE_COLOR`,
/// `COLUMNS`, `PAGER`). Captured once, then passed around as a value.
public struct TerminalEnvironment: Sendable {
    public var environment: [String: String]
    public var isTerminal: Bool
    /// Columns and rows of the terminal, when stdout is one and it answers.
    public var size: (columns: Int, rows: Int)?

    public init(environment: [String: String], isTerminal: Bool, size: (columns: Int, rows: Int)?) {
        self.environment = environment
        self.isTerminal = isTerminal
        self.size = size
    }

    /// The real process environment and standard output (or another descriptor).
    public static func current(fileDescriptor: Int32 = STDOUT_FILENO) -> TerminalEnvironment {
        var environment: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let pair = String(cString: entry)
            if let eq = pair.firstIndex(of: "=") {
                environment[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
            }
            pointer += 1
        }
        let isTerminal = isatty(fileDescriptor) == 1
        var size: (Int, Int)?
        if isTerminal {
            var window = winsize()
            if ioctl(fileDescriptor, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 {
                size = (Int(window.ws_col), Int(window.ws_row))
            }
        }
        return TerminalEnvironment(environment: environment, isTerminal: isTerminal, size: size)
    }

    private func flag(_ name: String) -> Bool? {
        guard let value = environment[name] else { return nil }
        return !value.isEmpty
    }

    /// Colour when writing to a terminal that is not `dumb`. `--plain` and `NO_COLOR`
    /// (any non-empty value, see no-color.org) turn it off; `FORCE_COLOR` (non-empty and
    /// not `0`/`false`) turns it on even into a pipe.
    public func usesColor(plain: Bool) -> Bool {
        if plain { return false }
        if flag("NO_COLOR") == true { return false }
        if let force = environment["FORCE_COLOR"], !force.isEmpty {
            return force != "0" && force.lowercased() != "false"
        }
        return isTerminal && environment["TERM"] != "dumb"
    }

    /// OSC 8 hyperlinks only where the terminal is known to draw them (other terminals
    /// would print nothing odd, but links would not be discoverable), overridable with
    /// `DOCKERLINGS_HYPERLINKS=1` or `0`.
    public func supportsHyperlinks(colors: Bool) -> Bool {
        if let forced = environment["DOCKERLINGS_HYPERLINKS"] { return forced == "1" }
        guard colors, isTerminal else { return false }
        if environment["TMUX"] != nil || environment["STY"] != nil { return false }
        let program = environment["TERM_PROGRAM"] ?? ""
        if ["iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", "rio"].contains(program) { return true }
        if environment["WT_SESSION"] != nil || environment["KITTY_WINDOW_ID"] != nil { return true }
        if let vte = environment["VTE_VERSION"].flatMap({ Int($0) }), vte >= 5000 { return true }
        let term = environment["TERM"] ?? ""
        return ["kitty", "foot", "alacritty", "ghostty", "wezterm"].contains { term.contains($0) }
    }

    /// `--width` if given; else `COLUMNS`, else the terminal's width, else 80 — the last
    /// three capped at a readable width.
    public func width(requested: Int?) -> Int {
        if let requested { return max(RenderOptions.minimumWidth, requested) }
        let detected = environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
            ?? size?.columns ?? 80
        return max(RenderOptions.minimumWidth, min(RenderOptions.readableWidth, detected))
    }

    /// The width to wrap text to: the terminal's, or nil when writing to a file or a pipe
    /// (whose reader wraps, or does not want lines broken).
    public var wrapWidth: Int? { isTerminal ? width(requested: nil) : nil }

    /// Rows on screen, from the terminal or `LINES`.
    public var rows: Int? {
        size.map(\.rows).flatMap { $0 > 0 ? $0 : nil } ?? environment["LINES"].flatMap { Int($0) }
    }

    public func renderOptions(plain: Bool, width requested: Int?) -> RenderOptions {
        let colors = usesColor(plain: plain)
        return RenderOptions(
            width: width(requested: requested), colors: colors,
            hyperlinks: supportsHyperlinks(colors: colors))
    }
}
