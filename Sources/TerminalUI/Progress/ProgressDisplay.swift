import Foundation

/// Where progress text goes: standard error by default, a buffer in tests.
public protocol ProgressOutput: Sendable {
    func write(_ text: String)
}

/// Writes straight to a file descriptor (unbuffered, so frames appear at once).
public struct FileDescriptorOutput: ProgressOutput {
    public let descriptor: Int32
    public init(descriptor: Int32) { self.descriptor = descriptor }
    public static let standardError = FileDescriptorOutput(descriptor: 2)

    public func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Foundation.write(descriptor, base + offset, buffer.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
    }
}

/// Progress for long work, such as a docker build: a spinner with the elapsed time, and
/// a bar once steps are known (`step 3 of 8`). On a terminal it is one status line
/// redrawn in place, with log lines scrolling above it; anywhere else (CI, a pipe) it is
/// plain lines, one per event, so logs stay readable.
///
///     let progress = ProgressDisplay(interactive: terminal.isTerminal, colors: true, width: 80)
///     progress.start("Building flask-app")
///     progress.step(1, of: 8, "FROM python:3.12-slim")
///     progress.line("Successfully built 3f2a…")
///     progress.finish(.success("image 3f2a… (142 MB)"))
public final class ProgressDisplay: @unchecked Sendable {
    public enum Outcome: Sendable, Equatable {
        case success(String? = nil)
        case failure(String? = nil)
    }

    private let output: any ProgressOutput
    private let interactive: Bool
    private let colors: Bool
    private var width: Int  // guarded by `lock` once running: a resized terminal changes it
    private let clock: @Sendable () -> Double
    private let animate: Bool

    // Guarded by `lock`: the timer redraws from another thread.
    private let lock = NSLock()
    private var title = ""
    private var started: Double = 0
    private var current: (n: Int, total: Int, label: String)?
    private var frameIndex = 0
    private var timer: DispatchSourceTimer?
    private var running = false
    private var lastPlainStep: String?

    static let spinnerFrames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// - Parameters:
    ///   - interactive: redraw in place (a terminal) or print lines (anything else).
    ///   - width: columns the status line may use; it is never allowed to wrap.
    ///   - animate: spin on a timer; tests turn it off and call `tick()`.
    public init(
        output: any ProgressOutput = FileDescriptorOutput.standardError,
        interactive: Bool, colors: Bool, width: Int = 80, animate: Bool = true,
        clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
    ) {
        self.output = output
        self.interactive = interactive
        self.colors = colors && interactive
        self.width = max(20, width)
        self.animate = animate
        self.clock = clock
    }

    /// Chooses in place or plain from the terminal, with colour by its rules.
    public convenience init(terminal: TerminalEnvironment, plain: Bool = false) {
        self.init(
            interactive: terminal.isTerminal && terminal.environment["TERM"] != "dumb",
            colors: terminal.usesColor(plain: plain), width: terminal.width(requested: nil))
    }

    deinit { timer?.cancel() }

    public func start(_ title: String) {
        lock.lock()
        self.title = title
        started = clock()
        current = nil
        running = true
        frameIndex = 0
        if interactive {
            output.write(statusLine())
        } else {
            output.write("\(title)...\n")
        }
        lock.unlock()
        if interactive && animate { startTimer() }
    }

    /// Step `n` of `total` has begun; the bar shows how far along the work is.
    public func step(_ n: Int, of total: Int, _ label: String) {
        lock.lock()
        defer { lock.unlock() }
        current = (n, max(total, n), label)
        if interactive {
            output.write("\r\u{1B}[2K" + statusLine())
        } else {
            let text = "[\(n)/\(max(total, n))] \(label)"
            if text != lastPlainStep { output.write(text + "\n") }
            lastPlainStep = text
        }
    }

    /// A line of log output, printed above the status line.
    public func line(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        if interactive && running {
            output.write("\r\u{1B}[2K" + text + "\n" + statusLine())
        } else {
            output.write(text + "\n")
        }
    }

    /// Ends the display with a ✓ or ✗ line and the total time.
    public func finish(_ outcome: Outcome) {
        timer?.cancel()
        lock.lock()
        defer { lock.unlock() }
        guard running else { return }
        running = false
        timer = nil
        let elapsed = Self.format(seconds: clock() - started)
        let (mark, verb, detail): (String, String, String?)
        switch outcome {
        case .success(let message): (mark, verb, detail) = (paint("✓", "32"), "done", message)
        case .failure(let message): (mark, verb, detail) = (paint("✗", "31"), "failed", message)
        }
        var text = "\(mark) \(title) \(verb) in \(elapsed)"
        if let detail, !detail.isEmpty { text += ": \(detail)" }
        output.write((interactive ? "\r\u{1B}[2K" : "") + text + "\n")
    }

    /// The terminal was resized: the status line fits the new width from its next redraw.
    public func resize(width: Int) {
        lock.withLock { self.width = max(20, width) }
    }

    /// Redraws the status line with the next spinner frame (the timer calls this).
    public func tick() {
        lock.lock()
        defer { lock.unlock() }
        guard running, interactive else { return }
        frameIndex += 1
        output.write("\r\u{1B}[2K" + statusLine())
    }

    // MARK: - Drawing

    /// `⠋ Building image [██████░░░░] 3/8 RUN pip install  4.1s`, cut to fit the width.
    func statusLine() -> String {
        let spinner = Self.spinnerFrames[frameIndex % Self.spinnerFrames.count]
        let elapsed = Self.format(seconds: clock() - started)
        var visible: [(String, String?)] = [(spinner, "36"), (" " + title, "1")]
        if let current {
            let barWidth = 12
            let filled = current.total > 0 ? min(barWidth, barWidth * current.n / current.total) : 0
            visible.append((" ", nil))
            visible.append((String(repeating: "█", count: filled), "32"))
            visible.append((String(repeating: "░", count: barWidth - filled), "90"))
            visible.append((" \(current.n)/\(current.total) ", nil))
            visible.append((current.label, nil))
        }
        let suffix = "  " + elapsed
        // Keep one column spare: a line that fills the screen exactly wraps in some terminals.
        var room = width - 1 - DisplayWidth.of(suffix)
        var out = ""
        for (text, code) in visible where room > 0 {
            var piece = ""
            for character in text {
                let w = DisplayWidth.of(character)
                if w > room { room = 0; break }
                piece.append(character)
                room -= w
            }
            out += code.map { paint(piece, $0) } ?? piece
        }
        return out + paint(suffix, "90")
    }

    private func paint(_ text: String, _ code: String) -> String {
        colors && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    static func format(seconds: Double) -> String {
        let seconds = max(0, seconds)
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        return String(format: "%dm %02ds", whole / 60, whole % 60)
    }

    private func startTimer() {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + 0.1, repeating: 0.1)
        timer.setEventHandler { [weak self] in self?.tick() }
        lock.lock()
        self.timer = timer
        lock.unlock()
        timer.resume()
    }
}
