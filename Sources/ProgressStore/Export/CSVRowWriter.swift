import CSV
import Foundation

/// Writes CSV rows whose every field is encoded by yaslab/CSV.swift's `CSVWriter`, asking it
/// once per distinct field value and reusing its answer.
///
/// Why not hand each row to one `CSVWriter`: to decide whether a field needs quotes it runs
/// five Foundation `String.contains` searches over it, each bridged to NSString on Linux —
/// about 3 µs a field, 10 s for a class of 10,000 learners × 20 exercises. A gradebook repeats
/// the same values in nearly every row (exercise ids and titles, statuses, scores, each
/// learner's id and name 20 times), so most fields are already known.
///
/// The quoting and escaping stay CSV.swift's: each distinct value is written as a one-field
/// row by a `CSVWriter`, and those exact bytes are reused. Rows are its fields joined by the
/// writer's own delimiter, each row ended by its newline, as a `CSVWriter` writes them.
struct CSVRowWriter {
    private let capture = CaptureStream()
    /// Writes each new value as a row of its own into `capture`.
    private let encoder: CSVWriter
    /// CSVWriter puts its newline before every row but the first.
    private var encodedOne = false
    private var encoded: [String: [UInt8]] = [:]
    private let delimiter: [UInt8]
    private let newline: [UInt8]

    /// Beyond this many distinct values the memory is dropped and relearned: values that
    /// repeat come back at once, and one-off values (timestamps) don't pile up.
    private let maxRemembered: Int

    init(maxRemembered: Int = 20_000) throws {
        self.maxRemembered = maxRemembered
        encoder = try CSVWriter(stream: capture)
        delimiter = Array(encoder.configuration.delimiter.utf8)
        newline = Array(encoder.configuration.newline.utf8)
    }

    /// Writes `fields` as one row, ended by a newline.
    mutating func write(row fields: [String], to stream: BufferedFileStream) throws {
        var bytes: [UInt8] = []
        try append(row: fields, to: &bytes)
        stream.write(bytes: bytes)
    }

    /// Appends `fields` as one row, ended by a newline, to `bytes`.
    mutating func append(row fields: [String], to bytes: inout [UInt8]) throws {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(contentsOf: delimiter) }
            try bytes.append(contentsOf: encode(field))
        }
        bytes.append(contentsOf: newline)
    }

    /// Writes rows `0..<count` in order, encoding them on every core a block at a time:
    /// the values that are new in every row (timestamps) each still cost a CSVWriter call,
    /// and those calls are what a large class spends its export on. `fields(k, &row)`
    /// fills row k's fields into an empty array.
    static func writeRows(count: Int, to stream: BufferedFileStream, blockSize: Int = 4_096,
                          fields: (Int, inout [String]) -> Void) throws {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let blocksPerWave = cores * 2
        var start = 0
        while start < count {
            // One wave: a few blocks encoded at once, then written in order, so memory stays
            // at a few blocks whatever the class size.
            let starts = Array(stride(from: start, to: min(count, start + blocksPerWave * blockSize), by: blockSize))
            var encoded = Array(repeating: Result<[UInt8], any Error>.success([]), count: starts.count)
            encoded.withUnsafeMutableBufferPointer { slots in
                let slots = UnsafeSendable(slots)
                withoutActuallyEscaping(fields) { fields in
                    let fields = UnsafeSendable(fields)
                    DispatchQueue.concurrentPerform(iterations: starts.count) { block in
                        slots.value[block] = Result {
                            var writer = try CSVRowWriter()
                            var bytes: [UInt8] = []
                            var row: [String] = []
                            for k in starts[block]..<min(count, starts[block] + blockSize) {
                                row.removeAll(keepingCapacity: true)
                                fields.value(k, &row)
                                try writer.append(row: row, to: &bytes)
                            }
                            return bytes
                        }
                    }
                }
            }
            for block in encoded { stream.write(bytes: try block.get()) }
            start += starts.count * blockSize
        }
    }

    /// The bytes CSVWriter writes for `field`.
    mutating func encode(_ field: String) throws -> [UInt8] {
        if let known = encoded[field] { return known }
        capture.clear()
        try encoder.write(row: [field])
        var bytes = capture.bytes
        if encodedOne { bytes = Array(bytes.dropFirst(newline.count)) } else { encodedOne = true }
        if encoded.count >= maxRemembered { encoded.removeAll(keepingCapacity: true) }
        encoded[field] = bytes
        return bytes
    }
}

/// Hands a value to `concurrentPerform`'s workers; each worker touches only its own slot,
/// and the closures it reads are not mutated while they run.
private struct UnsafeSendable<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// An in-memory OutputStream that CSVWriter can open, write to byte by byte, and close.
private final class CaptureStream: OutputStream {
    private(set) var bytes: [UInt8] = []
    private var status: Stream.Status = .notOpen

    init() { super.init(toMemory: ()) }
    required init(toMemory: ()) { super.init(toMemory: ()) }

    func clear() {
        bytes.removeAll(keepingCapacity: true)
    }

    override var streamStatus: Stream.Status { status }
    override var hasSpaceAvailable: Bool { true }
    override func open() { status = .open }
    override func close() { status = .closed }

    override func write(_ buffer: UnsafePointer<UInt8>, maxLength len: Int) -> Int {
        bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: len))
        return len
    }
}
