import Foundation
import Testing
@testable import TerminalUI

/// Collects what the display writes, for inspection.
final class BufferOutput: ProgressOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    func write(_ text: String) { lock.lock(); buffer += text; lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return buffer }
}

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 100.0
    func advance(_ seconds: Double) { lock.lock(); now += seconds; lock.unlock() }
    var read: @Sendable () -> Double { { [self] in lock.lock(); defer { lock.unlock() }; return now } }
}

@Suite struct ProgressDisplayTests {
    @Test func plainOutputIsOneLinePerEvent() {
        let out = BufferOutput()
        let clock = ManualClock()
        let progress = ProgressDisplay(output: out, interactive: false, colors: true, clock: clock.read)
        progress.start("Building flask-app")
        progress.step(1, of: 3, "FROM python:3.12-slim")
        progress.step(1, of: 3, "FROM python:3.12-slim")  // repeats are not printed twice
        progress.line("Step output")
        progress.step(2, of: 3, "RUN pip install -r requirements.txt")
        clock.advance(12.34)
        progress.finish(.success("image 3f2a"))
        #expect(out.text == """
            Building flask-app...
            [1/3] FROM python:3.12-slim
            Step output
            [2/3] RUN pip install -r requirements.txt
            ✓ Building flask-app done in 12.3s: image 3f2a

            """)
        #expect(!out.text.contains("\u{1B}"))
    }

    @Test func terminalOutputRedrawsOneStatusLineInPlace() {
        let out = BufferOutput()
        let clock = ManualClock()
        let progress = ProgressDisplay(output: out, interactive: true, colors: false, width: 50, animate: false, clock: clock.read)
        progress.start("Building")
        clock.advance(1.5)
        progress.tick()
        progress.step(4, of: 8, "RUN apt-get update && apt-get install -y curl ca-certificates")
        progress.line("log line")
        clock.advance(65)
        progress.finish(.failure("exit status 1"))

        let frames = out.text.components(separatedBy: "\r\u{1B}[2K")
        #expect(frames.first == "⠋ Building  0.0s")
        #expect(frames[1] == "⠙ Building  1.5s")
        // Half way: six of the twelve cells filled; the label is cut so the line never wraps.
        #expect(frames[2].hasPrefix("⠙ Building ██████░░░░░░ 4/8 RUN apt-get"))
        #expect(frames[2].hasSuffix("  1.5s"))
        #expect(DisplayWidth.of(frames[2]) <= 49)
        #expect(frames[3].hasPrefix("log line\n⠙ Building ██████░░░░░░ 4/8"))
        #expect(frames.last == "✗ Building failed in 1m 06s: exit status 1\n")
    }

    @Test func spinnerAnimatesOnItsOwnTimer() async throws {
        let out = BufferOutput()
        let progress = ProgressDisplay(output: out, interactive: true, colors: true, width: 60)
        progress.start("Waiting")
        // Nothing but the display's own timer draws here: wait for its frames, however slowly
        // a loaded machine runs it (the bound only says the timer is not stuck).
        func frameCount() -> Int { out.text.components(separatedBy: "\r\u{1B}[2K").count - 1 }
        let deadline = ContinuousClock.now + .seconds(20)
        while frameCount() < 3 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(frameCount() >= 3, "expected the timer to redraw on its own: \(frameCount()) frames")
        progress.finish(.success())
        #expect(out.text.contains("\u{1B}[36m⠙\u{1B}[0m"))
        #expect(out.text.contains("Waiting done in"))
    }

    @Test func elapsedTimeFormats() {
        #expect(ProgressDisplay.format(seconds: 0.04) == "0.0s")
        #expect(ProgressDisplay.format(seconds: 59.94) == "59.9s")
        #expect(ProgressDisplay.format(seconds: 125) == "2m 05s")
    }
}
