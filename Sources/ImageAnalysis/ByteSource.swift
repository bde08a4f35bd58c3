import Foundation

/// A stream of bytes read front to back: a pipe from `docker save`, a file, a layer inside
/// an archive, or the output of a decompressor. Nothing is ever unpacked to disk.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 only at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Discards `count` bytes (files seek, pipes read and drop); returns how many were skipped.
    func skip(_ count: Int) throws -> Int
}

extension ByteSource {
    public func skip(_ count: Int) throws -> Int {
        try discardByReading(count, chunkSize: 1 << 16)
    }

    /// Reads and drops `count` bytes in chunks; returns how many were there to drop.
    func discardByReading(_ count: Int, chunkSize: Int) throws -> Int {
        var left = count
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 8)
        defer { scratch.deallocate() }
        while left > 0 {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<min(left, scratch.count)]))
            if n == 0 { break }
            left -= n
        }
        return count - left
    }
}

/// Reads a file descriptor (a pipe or a file). Skips seek when the descriptor allows it.
public final class FileDescriptorSource: ByteSource {
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var seekable: Bool

    public init(fileDescriptor: Int32, closeWhenDone: Bool = false) {
        fd = fileDescriptor
        ownsDescriptor = closeWhenDone
        seekable = lseek(fileDescriptor, 0, SEEK_CUR) >= 0
    }

    /// Opens a file for reading.
    public convenience init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ImageAnalysisError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        self.init(fileDescriptor: fd, closeWhenDone: true)
    }

    deinit { if ownsDescriptor { close(fd) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw ImageAnalysisError.readFailed(reason: String(cString: strerror(errno)))
        }
    }

    public func skip(_ count: Int) throws -> Int {
        if seekable, lseek(fd, off_t(count), SEEK_CUR) >= 0 { return count }
        seekable = false
        return try discardByReading(count, chunkSize: 1 << 20)
    }
}

/// Bytes already in memory (small archives, tests).
public final class DataSource: ByteSource {
    private let data: [UInt8]
    private var offset = 0
    public init(_ data: [UInt8]) { self.data = data }
    public convenience init(_ data: Data) { self.init([UInt8](data)) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, data.count - offset)
        if n > 0 {
            data.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n)
            }
            offset += n
        }
        return n
    }

    public func skip(_ count: Int) throws -> Int {
        let n = min(count, data.count - offset)
        offset += n
        return n
    }
}

/// A buffer in front of a source, for parsers that need exact reads and peeks.
final class BufferedReader {
    private let source: ByteSource
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    /// Bytes consumed so far (read or skipped).
    private(set) var position: Int64 = 0

    init(_ source: ByteSource, capacity: Int = 1 << 20) {
        self.source = source
        buffer = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    var buffered: Int { end - start }

    /// Makes at least `count` bytes available unless the stream ends first; returns what is available.
    @discardableResult
    func fill(_ count: Int) throws -> Int {
        if buffered >= count { return buffered }
        if count > buffer.count {
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
            bigger.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: buffered)
            buffer.deallocate()
            buffer = bigger
            end = buffered; start = 0
        } else if start > 0 && buffer.count - start < count {
            let n = buffered
            if n > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, n) }
            start = 0; end = n
        }
        while buffered < count {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if n == 0 { break }
            end += n
        }
        return buffered
    }

    /// The next `count` bytes (or fewer at the end) without consuming them.
    func peek(_ count: Int) throws -> [UInt8] {
        let n = min(try fill(count), count)
        return [UInt8](UnsafeRawBufferPointer(rebasing: buffer[start..<(start + n)]))
    }

    /// Reads exactly `count` bytes, or fewer only at the end of the stream.
    func read(_ count: Int) throws -> [UInt8] {
        if count <= buffer.count {
            let n = min(try fill(count), count)
            let out = [UInt8](UnsafeRawBufferPointer(rebasing: buffer[start..<(start + n)]))
            start += n; position += Int64(n)
            return out
        }
        var out = [UInt8]()
        out.reserveCapacity(count)
        while out.count < count {
            let chunk = try read(min(buffer.count, count - out.count))
            if chunk.isEmpty { break }
            out.append(contentsOf: chunk)
        }
        return out
    }

    /// Calls `body` with the 512-byte block at the front, consuming it; nil at end of stream.
    func withBlock<T>(_ size: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T? {
        guard try fill(size) >= size else { return nil }
        let result = try body(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + size)]))
        start += size; position += Int64(size)
        return result
    }

    /// Copies up to `into.count` bytes out, refilling once if the buffer is empty.
    func readSome(into: UnsafeMutableRawBufferPointer) throws -> Int {
        if buffered == 0 {
            // Large reads go straight to the caller's buffer: no second copy.
            if into.count >= buffer.count / 2 {
                let n = try source.read(into: into)
                position += Int64(n)
                return n
            }
            start = 0; end = 0
            let n = try source.read(into: buffer)
            end = n
            if n == 0 { return 0 }
        }
        let n = min(buffered, into.count)
        into.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: n)
        start += n; position += Int64(n)
        return n
    }

    /// Skips `count` bytes; returns how many were actually there.
    @discardableResult
    func skip(_ count: Int) throws -> Int {
        let fromBuffer = min(count, buffered)
        start += fromBuffer
        var skipped = fromBuffer
        if count > fromBuffer {
            skipped += try source.skip(count - fromBuffer)
        }
        position += Int64(skipped)
        return skipped
    }
}

/// At most `limit` bytes of a buffered stream: one member of a tar archive.
final class LimitedSource: ByteSource {
    private let reader: BufferedReader
    private(set) var remaining: Int

    init(_ reader: BufferedReader, limit: Int) {
        self.reader = reader
        remaining = limit
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard remaining > 0 else { return 0 }
        let want = min(remaining, buffer.count)
        let n = try reader.readSome(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
        remaining -= n
        return n
    }

    func skip(_ count: Int) throws -> Int {
        let n = try reader.skip(min(count, remaining))
        remaining -= n
        return n
    }

    /// Consumes whatever the parser did not read, so the outer stream stays aligned.
    func drain() throws {
        if remaining > 0 { _ = try skip(remaining) }
    }
}
