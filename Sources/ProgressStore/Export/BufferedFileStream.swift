import Foundation

/// An OutputStream that collects bytes and hands them to a FileHandle in large chunks, so
/// that small writes (a CSV field, a byte) never each cost a system call.
final class BufferedFileStream: OutputStream {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var status: Stream.Status = .notOpen
    private(set) var failure: (any Error)?
    private static let chunk = 1 << 16

    init(handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(Self.chunk)
        super.init(toMemory: ())
    }

    /// Required by OutputStream; this stream always writes to a file handle.
    required init(toMemory: ()) {
        self.handle = FileHandle.nullDevice
        super.init(toMemory: ())
    }

    override var streamStatus: Stream.Status { status }
    override var hasSpaceAvailable: Bool { true }
    override func open() { status = .open }
    override func close() { flush(); status = .closed }

    override func write(_ bytes: UnsafePointer<UInt8>, maxLength len: Int) -> Int {
        guard failure == nil else { return -1 }
        buffer.append(contentsOf: UnsafeBufferPointer(start: bytes, count: len))
        if buffer.count >= Self.chunk { flush() }
        return failure == nil ? len : -1
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.chunk { flush() }
    }

    func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.chunk { flush() }
    }

    func flush() {
        guard !buffer.isEmpty, failure == nil else { return }
        do { try handle.write(contentsOf: buffer) } catch { failure = error }
        buffer.removeAll(keepingCapacity: true)
    }
}
