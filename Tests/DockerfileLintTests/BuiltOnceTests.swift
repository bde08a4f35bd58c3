@testable import DockerfileLint
import Foundation
import Testing

/// LintContext's typed Dockerfile is built on first use by whichever rule asks, from any thread.
@Suite struct BuiltOnceTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add() { lock.withLock { n += 1 } }
        var count: Int { lock.withLock { n } }
    }

    @Test func manyThreadsAskingBuildTheValueOnce() async {
        let once = BuiltOnce<Int>()
        let builds = Counter()
        let values = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                // Slow to build, so the other threads ask while the first is building.
                group.addTask { once.get { builds.add(); usleep(20_000); return 7 } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: 7, count: 16))
        #expect(builds.count == 1)
    }
}
