import Foundation
import SystemSupport

/// A program in a real terminal: a private tmux server (its own socket, so a test never
/// touches a user's sessions), keys sent as typed, the screen captured.
public final class TmuxTerminal: @unchecked Sendable {
    public let socket = "dockerlings-test-\(UUID().uuidString.prefix(8))"
    let tmux = URL(fileURLWithPath: "/usr/bin/env")

    public init(columns: Int, rows: Int, environment: [String: String]) throws {
        var arguments = ["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "read",
                         "-x", String(columns), "-y", String(rows)]
        // What a person has by default: colour allowed, no overrides from this test run.
        let environment = ["NO_COLOR": "", "FORCE_COLOR": "", "COLUMNS": "", "LINES": "", "DOCKERLINGS_HYPERLINKS": ""]
            .merging(environment) { $1 }
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        arguments += ["/bin/sh"]
        // The tmux server outlives this call and would hold a pipe open forever:
        // start it with its output going nowhere.
        let status = try Self.runDetached(tmux, arguments)
        guard status == 0 else { throw TmuxError.failed("new-session exited with \(status)") }
        // Type only once the shell shows its prompt, or the keys arrive before it reads them.
        _ = try waitFor("the shell prompt") { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    /// Output to /dev/null: the tmux server the client forks outlives this call and would
    /// hold a pipe open forever.
    static func runDetached(_ executable: URL, _ arguments: [String]) throws -> Int32 {
        try ChildProcess.runAndWait(executable.path, arguments, timeout: .seconds(120), outputs: .discarded).status
    }

    public func type(_ text: String) throws {
        _ = try runProcess(tmux, ["tmux", "-L", socket, "send-keys", "-t", "read", "-l", text])
    }

    public func press(_ key: String) throws {
        _ = try runProcess(tmux, ["tmux", "-L", socket, "send-keys", "-t", "read", key])
    }

    public func screen(escapes: Bool = false) throws -> String {
        let flags = escapes ? ["-p", "-e"] : ["-p"]
        return try runProcess(tmux, ["tmux", "-L", socket, "capture-pane", "-t", "read"] + flags).stdoutText
    }

    /// Polls the screen until `predicate` holds (the binary and the pager take a moment).
    /// The default bound only says "not stuck": it returns as soon as the screen is right,
    /// and a machine loaded by other builds can take seconds to draw.
    public func waitFor(_ what: String, timeout: Double = 60, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TmuxError.timeout(what, last)
    }

    public func close() {
        _ = try? Self.runDetached(tmux, ["tmux", "-L", socket, "kill-server"])
    }
}

public enum TmuxError: Error, CustomStringConvertible {
    case failed(String)
    case timeout(String, String)
    public var description: String {
        switch self {
        case .failed(let message): return "tmux failed: \(message)"
        case let .timeout(what, screen): return "timed out waiting for \(what); screen was:\n\(screen)"
        }
    }
}

extension TmuxTerminal {
    /// The status printed by `; echo EXIT=$?` (not the typed command line itself).
    public static func exitStatus(in screen: String) -> String? {
        screen.split(separator: "\n").first { $0.hasPrefix("EXIT=") }.map { String($0.dropFirst(5)) }
    }
}
