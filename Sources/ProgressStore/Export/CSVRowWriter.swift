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
        for (index, field) in fields.enumerated() {
            if index > 0 { stream.write(bytes: delimiter) }
            try stream.write(bytes: encode(field))
        }
        stream.write(bytes: newline)
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
