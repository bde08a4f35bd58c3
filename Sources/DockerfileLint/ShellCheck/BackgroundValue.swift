import Foundation

/// A value worked out on a thread of its own while the caller goes on (ShellCheck's findings,
/// `shellcheck --version`), or one known already. `value()` waits for it.
final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    // Written once, by the worker, before `done` is signalled; read only after waiting on it.
    private var result: Value?
    private let done: DispatchSemaphore?

    /// A value known already: `value()` does not wait.
    init(ready value: Value) {
        result = value
        done = nil
    }

    /// The value `work` returns, worked out on a new thread.
    init(_ work: @escaping @Sendable () -> Value) {
        let done = DispatchSemaphore(value: 0)
        self.done = done
        Thread.detachNewThread { [self] in
            result = work()
            done.signal()
        }
    }

    /// Waits for the value (at once when it is ready).
    func value() -> Value {
        if let done {
            done.wait()
            // Let a later call through too.
            done.signal()
        }
        return result!
    }
}
