import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Single key presses from the terminal, as they are pressed (no Enter, no echo), for
/// screens driven by keys such as `watch`.
///
/// Only line editing and echo are turned off: output still turns "\n" into a new line, and
/// Ctrl-C, Ctrl-\ and Ctrl-Z still send their signals, so whoever handles them decides how
/// to stop. The terminal's own settings come back on every way out: `restore()`, `exit()`
/// (an `atexit` hook) and Ctrl-Z (restored while suspended, raw again on `fg`). Keys are
/// read on a thread of their own; escape sequences (arrows, function keys) are dropped.
public final class RawKeyboard: @unchecked Sendable {
    private let descriptor: Int32
    private let suspendSource: DispatchSourceSignal

    /// Puts the terminal on `descriptor` in key-at-a-time mode and calls `onKey` with each
    /// key's byte, on the reading thread. Nil when `descriptor` is not a terminal.
    public static func start(descriptor: Int32 = STDIN_FILENO, onKey: @escaping @Sendable (UInt8) -> Void) -> RawKeyboard? {
        guard isatty(descriptor) == 1 else { return nil }
        var original = termios()
        guard tcgetattr(descriptor, &original) == 0 else { return nil }
        SavedTerminal.remember(original, descriptor: descriptor)
        let keyboard = RawKeyboard(descriptor: descriptor)
        keyboard.enterRawMode()
        let thread = Thread { Self.readKeys(descriptor, onKey: onKey) }
        thread.name = "RawKeyboard"
        thread.start()
        return keyboard
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        // Ctrl-Z: the shell gets its terminal back as it was, and `fg` brings the keys back.
        signal(SIGTSTP, SIG_IGN)
        suspendSource = DispatchSource.makeSignalSource(signal: SIGTSTP, queue: .global())
        suspendSource.setEventHandler { [descriptor] in
            SavedTerminal.restore()
            kill(getpid(), SIGSTOP)
            // Running again (`fg`): raw again, unless restored for good meanwhile.
            if SavedTerminal.isRemembered { Self.makeRaw(descriptor) }
        }
        suspendSource.resume()
    }

    /// The terminal as it was before `start`; keys are no longer read. Safe to call twice.
    public func restore() {
        suspendSource.cancel()
        signal(SIGTSTP, SIG_DFL)
        SavedTerminal.restore()
        SavedTerminal.forget()
    }

    private func enterRawMode() { Self.makeRaw(descriptor) }

    private static func makeRaw(_ descriptor: Int32) {
        var raw = termios()
        guard tcgetattr(descriptor, &raw) == 0 else { return }
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        _ = tcsetattr(descriptor, TCSANOW, &raw)
    }

    private static func readKeys(_ descriptor: Int32, onKey: @Sendable (UInt8) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 32)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            guard SavedTerminal.isRemembered else { return }
            // A read starting with ESC is a sequence (an arrow key…), not keys typed.
            if buffer[0] == 0x1B { continue }
            for byte in buffer[0..<count] { onKey(byte) }
        }
    }
}

/// The terminal's settings before raw mode, where an `atexit` hook can reach them.
private enum SavedTerminal {
    nonisolated(unsafe) private static var saved: (termios, Int32)?
    private static let lock = NSLock()
    nonisolated(unsafe) private static var hooked = false

    static func remember(_ settings: termios, descriptor: Int32) {
        lock.withLock {
            saved = (settings, descriptor)
            if !hooked {
                hooked = true
                atexit { SavedTerminal.restore() }
            }
        }
    }

    static var isRemembered: Bool { lock.withLock { saved != nil } }

    static func restore() {
        lock.withLock {
            guard let (original, descriptor) = saved else { return }
            var settings = original
            _ = tcsetattr(descriptor, TCSANOW, &settings)
        }
    }

    static func forget() { lock.withLock { saved = nil } }
}
