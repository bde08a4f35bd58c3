import CSV
import Foundation
@testable import ProgressStore
import Testing
import TestSupport

/// The export's CSVRowWriter reuses CSVWriter's encoding of each distinct field; its output
/// must be byte for byte what one CSVWriter writes for the same rows.
@Suite struct CSVRowWriterTests {
    static let awkward = [
        "", "plain", "with,comma", "with \"quotes\"", "\"", "\"\"", "line\nbreak", "carriage\rreturn",
        "crlf\r\nend", " padded ", "tab\there", "ünïcödé ✓", "emoji 🐳", "'single'", ",", "\n",
        "O'Neil, \"Shaq\"\nJr.", "=1+1", "trailing,", "2027-01-15T08:00:00Z",
    ]

    /// What a single CSVWriter writes for `rows`, plus the final newline the exports end with.
    func reference(_ rows: [[String]]) throws -> [UInt8] {
        let stream = OutputStream(toMemory: ())
        stream.open()
        do {
            let writer = try CSVWriter(stream: stream)
            for row in rows { try writer.write(row: row) }
        }
        let data = try #require(stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data)
        return Array(data) + Array("\n".utf8)
    }

    /// The bytes `body` writes through a BufferedFileStream into a real file.
    func written(_ body: (BufferedFileStream) throws -> Void) throws -> [UInt8] {
        let dir = try RepoPaths.temporaryDirectory("csv-row-writer")
        defer { Fixture.cleanUp(dir) }
        let url = dir.appendingPathComponent("out.csv")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        let stream = BufferedFileStream(handle: handle)
        stream.open()
        try body(stream)
        stream.close()
        try handle.close()
        #expect(stream.failure == nil)
        return Array(try Data(contentsOf: url))
    }

    func viaRowWriter(_ rows: [[String]], maxRemembered: Int) throws -> [UInt8] {
        try written { stream in
            var writer = try CSVRowWriter(maxRemembered: maxRemembered)
            for row in rows { try writer.write(row: row, to: stream) }
        }
    }

    @Test(arguments: [1, 3, 20_000])
    func sameBytesAsOneCSVWriter(maxRemembered: Int) throws {
        // Every awkward value in every column, repeated, so both remembered and fresh
        // encodings (and, with a small memory, forgotten ones) are used.
        var rows: [[String]] = []
        for shift in 0..<Self.awkward.count * 2 {
            rows.append((0..<5).map { Self.awkward[(shift + $0 * 7) % Self.awkward.count] })
        }
        rows.append([""])
        rows.append(["single"])
        let expected = try reference(rows)
        #expect(try viaRowWriter(rows, maxRemembered: maxRemembered) == expected)
        // And CSV.swift's own reader reads it back as the same rows.
        let text = String(decoding: expected, as: UTF8.self)
        let reader = try CSVReader(string: text)
        var back: [[String]] = []
        while let row = reader.next() { back.append(row) }
        #expect(back == rows)
    }

    /// Rows encoded on several cores, a small block at a time, come out in order and byte
    /// for byte as one CSVWriter writes them.
    @Test(arguments: [1, 3, 4_096])
    func parallelBlocksKeepOrderAndBytes(blockSize: Int) throws {
        let rows = (0..<97).map { k in (0..<4).map { Self.awkward[(k * 3 + $0 * 5) % Self.awkward.count] + (k % 2 == 0 ? "" : "\(k)") } }
        let bytes = try written { stream in
            try CSVRowWriter.writeRows(count: rows.count, to: stream, blockSize: blockSize) { k, fields in fields += rows[k] }
        }
        #expect(bytes == (try reference(rows)))
    }

    /// The export's hand-made timestamp equals Foundation's ISO 8601 form, second by second.
    @Test(arguments: [0, 951_782_400, 1_800_000_000.9, 1_709_164_799, -86_401, 253_402_300_799])
    func timestampsMatchISO8601(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        let reference = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
        #expect(GradeExporters.isoUTC(date) == reference)
    }
}

