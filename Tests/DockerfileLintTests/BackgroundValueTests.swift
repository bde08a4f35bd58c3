@testable import DockerfileLint
import Foundation
import Testing

/// The value ShellCheck's findings and version are carried in while they are worked out.
@Suite struct BackgroundValueTests {
    @Test func workedOutOnceAndAskedAgainWithoutWaiting() {
        let runs = Runs()
        let background = BackgroundValue { () -> Int in
            runs.add()
            return 42
        }
        #expect(background.value() == 42)
        // A second ask must not wait for the signal the first one used up.
        let answered = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = background.value()
            answered.signal()
        }
        #expect(answered.wait(timeout: .now() + 60) == .success, "a second value() is stuck")
        #expect(runs.count == 1)
        #expect(BackgroundValue(ready: "known").value() == "known")
    }

    final class Runs: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add() { lock.withLock { n += 1 } }
        var count: Int { lock.withLock { n } }
    }
}
