import Foundation

/// A value built on first use and kept: rules of one file may run on several threads, and
/// the first to ask builds it while the others wait for that one.
final class BuiltOnce<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?

    func get(_ build: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let built = build()
        value = built
        return built
    }
}
