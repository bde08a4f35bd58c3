import Foundation
import TerminalUI

/// What `watch` shows: on a terminal, one screen per check (cleared when a new one starts,
/// redrawn at the new width when the terminal is resized); anywhere else, plain lines that
/// only ever add up, so a log reads top to bottom.
final class WatchScreen: @unchecked Sendable {
    let interactive: Bool
    let colour: Bool
    /// Keys are read (standard input is a terminal): the key bar is shown.
    let showsKeys: Bool
    private let lock = NSLock()
    private var lines: [String] = []  // since the screen was last cleared, for a redraw
    private var footerShown = false
    private(set) var width: Int

    static let keys = ["n next", "h hint", "l list", "c check all", "r reset", "q quit"]

    init(interactive: Bool, colour: Bool, showsKeys: Bool) {
        self.interactive = interactive
        self.colour = colour
        self.showsKeys = showsKeys
        width = Self.measureWidth()
    }

    /// The terminal's width now (COLUMNS first, as the rest of the program does).
    static func measureWidth() -> Int { TerminalEnvironment.current().width(requested: nil) }

    /// Starts a new screen: cleared on a terminal, a blank line between checks elsewhere.
    func clear() {
        lock.withLock {
            lines = []
            footerShown = false
            write(interactive ? "\u{1B}[H\u{1B}[2J" : "\n")
        }
    }

    /// A line (or several), kept for a redraw.
    func show(_ text: String) {
        lock.withLock {
            lines.append(text)
            write(text + "\n")
        }
    }

    func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    /// The rule and the keys under a finished check (on a terminal that sends keys).
    func showFooter() {
        guard showsKeys else { return }
        lock.withLock {
            footerShown = true
            write(footer())
        }
    }

    /// The terminal changed size: everything since the last clear, again, at the new width.
    func redraw() {
        lock.withLock {
            width = Self.measureWidth()
            guard interactive else { return }
            var text = "\u{1B}[H\u{1B}[2J" + lines.map { $0 + "\n" }.joined()
            if footerShown { text += footer() }
            write(text)
        }
    }

    /// A rule as wide as the terminal (one column spare), then the keys, wrapped to fit.
    private func footer() -> String {
        let room = width - 1
        var rows: [String] = []
        var row = ""
        for key in Self.keys {
            let candidate = row.isEmpty ? key : row + " · " + key
            if candidate.count > room && !row.isEmpty {
                rows.append(row)
                row = key
            } else {
                row = candidate
            }
        }
        rows.append(row)
        return dim(String(repeating: "─", count: room)) + "\n" + rows.map { dim($0) + "\n" }.joined()
    }

    private func write(_ text: String) {
        FileDescriptorOutput(descriptor: STDOUT_FILENO).write(text)
    }
}
