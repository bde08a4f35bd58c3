import Foundation

/// Puts a time limit on one check, so an engine or a file system that hangs cannot hang the
/// doctor. The work runs on its own; when the limit passes first, it is cancelled (a docker
/// command is interrupted as Ctrl-C would) and the answer is nil, without waiting for it.
enum Deadline {
    /// Async work, e.g. docker commands (they honour cancellation).
    static func run<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async -> T) async -> T? {
        let work = Task.detached { await body() }
        return await race(limit, onTimeout: { work.cancel() }) { finish in
            Task.detached { finish(await work.value) }
        }
    }

    /// Blocking work, e.g. statvfs or SQLite: on a thread of its own, never on the
    /// concurrency pool, so a stuck call cannot starve the other checks.
    static func runBlocking<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () -> T) async -> T? {
        await race(limit, onTimeout: {}) { finish in
            Thread.detachNewThread { finish(body()) }
        }
    }

    private static func race<T: Sendable>(_ limit: Duration, onTimeout: @escaping @Sendable () -> Void,
                                          start: (@escaping @Sendable (T) -> Void) -> Void) async -> T? {
        await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            let once = FirstAnswer(continuation)
            let timer = Task.detached {
                try? await Task.sleep(for: limit)
                if Task.isCancelled { return }
                onTimeout()
                once.give(nil)
            }
            start { value in
                timer.cancel()
                once.give(value)
            }
        }
    }
}

/// Resumes a continuation with the first answer only.
private final class FirstAnswer<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T?, Never>?
    init(_ continuation: CheckedContinuation<T?, Never>) { self.continuation = continuation }
    func give(_ value: T?) {
        let pending = lock.withLock { () -> CheckedContinuation<T?, Never>? in
            defer { continuation = nil }
            return continuation
        }
        pending?.resume(returning: value)
    }
}

extension Duration {
    /// Whole seconds, for messages.
    var wholeSeconds: Int64 { components.seconds }
}
