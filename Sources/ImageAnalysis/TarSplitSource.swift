/// A layer's tar stream rebuilt from Docker's tar-split record (`tar-split.json.gz` in the
/// engine's layer store), without the file data.
///
/// Docker keeps, for every layer it registers, the raw bytes of the layer tar minus the file
/// contents: one JSON object per line, either a segment (`{"type":2,"payload":"<base64>"}`:
/// headers and padding, byte for byte) or a file (`{"type":1,"name":...,"size":N}`: N bytes
/// of data that live in the storage driver's directory). `docker save` and `GET /images/get`
/// reassemble each layer from exactly this record plus those files, and check the result
/// against the layer's diff id. So the headers read here are the export's headers: the same
/// members, names, kinds, sizes, whiteouts and order. File data is stood in for by its
/// length: a skip costs nothing, and a read (which the analyser never needs) yields zeros.
final class TarSplitSource: ByteSource {
    private let input: ByteSource
    private var line = LineBuffer()
    private var segment: [UInt8] = []
    private var segmentOffset = 0
    private var dataLeft: Int64 = 0
    private var ended = false
    /// Bytes of the rebuilt tar stream handed out or skipped so far.
    private(set) var position: Int64 = 0

    /// - Parameter input: the record, already decompressed (one JSON object per line).
    init(_ input: ByteSource) { self.input = input }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0, try advance() else { return 0 }
        // One piece at a time (a segment, or a file's data), so a reader that only wants a
        // header never pulls a file's stand-in bytes through its buffer.
        if segmentOffset < segment.count {
            let n = min(buffer.count, segment.count - segmentOffset)
            segment.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + segmentOffset, byteCount: n)
            }
            segmentOffset += n
            position += Int64(n)
            return n
        }
        let n = Int(min(Int64(buffer.count), dataLeft))
        buffer.baseAddress!.initializeMemory(as: UInt8.self, repeating: 0, count: n)
        dataLeft -= Int64(n)
        position += Int64(n)
        return n
    }

    func skip(_ count: Int) throws -> Int {
        var left = count
        while left > 0, try advance() {
            if segmentOffset < segment.count {
                let n = min(left, segment.count - segmentOffset)
                segmentOffset += n
                left -= n
                position += Int64(n)
            } else {
                let n = Int(min(Int64(left), dataLeft))
                dataLeft -= Int64(n)
                left -= n
                position += Int64(n)
            }
        }
        return count - left
    }

    /// Reads records until there is something to hand out; false at the end of the record.
    private func advance() throws -> Bool {
        while segmentOffset >= segment.count && dataLeft == 0 {
            guard !ended else { return false }
            guard let entry = try nextEntry() else { ended = true; return false }
            switch entry {
            case .segment(let bytes): segment = bytes; segmentOffset = 0
            case .file(let size): dataLeft = size
            }
        }
        return true
    }

    private enum Entry { case segment([UInt8]), file(Int64) }

    private func nextEntry() throws -> Entry? {
        while let text = try line.next(from: input) {
            if text.isEmpty { continue }
            let fields = try TarSplitLine.parse(text)
            switch fields.type {
            case 2:
                guard let payload = fields.payload else { return .segment([]) }
                guard let bytes = Base64.decode(payload) else {
                    throw ImageAnalysisError.corruptLayer(detail: "a tar-split segment is not base64")
                }
                return .segment(bytes)
            case 1:
                if fields.size < 0 { throw ImageAnalysisError.corruptLayer(detail: "a tar-split file entry has a negative size") }
                if fields.size > 0 { return .file(fields.size) }
            default:
                throw ImageAnalysisError.corruptLayer(detail: "a tar-split entry has unknown type \(fields.type)")
            }
        }
        return nil
    }
}

/// The fields of one tar-split line that rebuilding the stream needs.
enum TarSplitLine {
    struct Fields { var type = 0; var size: Int64 = 0; var payload: ArraySlice<UInt8>? }

    /// A small JSON object reader: strings (escapes skipped over), numbers, null. Names are
    /// not needed (the segment before a file holds its header), so they are only stepped over.
    static func parse(_ bytes: ArraySlice<UInt8>) throws -> Fields {
        var fields = Fields()
        var i = bytes.startIndex
        let end = bytes.endIndex
        func fail() -> ImageAnalysisError { .corruptLayer(detail: "a tar-split line is not the JSON object expected") }
        func skipSpace() { while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0d { i += 1 } }
        func string() throws -> ArraySlice<UInt8> {
            guard i < end, bytes[i] == UInt8(ascii: "\"") else { throw fail() }
            i += 1
            let start = i
            while i < end, bytes[i] != UInt8(ascii: "\"") {
                i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard i < end else { throw fail() }
            defer { i += 1 }
            return bytes[start..<i]
        }
        skipSpace()
        guard i < end, bytes[i] == UInt8(ascii: "{") else { throw fail() }
        i += 1
        while true {
            skipSpace()
            guard i < end else { throw fail() }
            if bytes[i] == UInt8(ascii: "}") { return fields }
            if bytes[i] == UInt8(ascii: ",") { i += 1; skipSpace() }
            let key = try string()
            skipSpace()
            guard i < end, bytes[i] == UInt8(ascii: ":") else { throw fail() }
            i += 1
            skipSpace()
            guard i < end else { throw fail() }
            if bytes[i] == UInt8(ascii: "\"") {
                let value = try string()
                if key.elementsEqual("payload".utf8) { fields.payload = value }
            } else if bytes[i] == UInt8(ascii: "n") {
                guard end - i >= 4 else { throw fail() }
                i += 4
            } else {
                var negative = false
                if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
                var number: Int64 = 0
                let start = i
                while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                    let (product, overflow) = number.multipliedReportingOverflow(by: 10)
                    guard !overflow else { throw fail() }
                    number = product + Int64(bytes[i] - 0x30)
                    i += 1
                }
                guard i > start else { throw fail() }
                if negative { number = -number }
                if key.elementsEqual("type".utf8) { fields.type = Int(number) }
                else if key.elementsEqual("size".utf8) { fields.size = number }
            }
        }
    }
}

/// Lines of a byte stream, handed out as slices of one growing buffer.
struct LineBuffer {
    private var bytes: [UInt8] = []
    private var start = 0
    private var scanned = 0
    private var atEnd = false

    mutating func next(from source: ByteSource) throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = bytes[scanned...].firstIndex(of: 0x0a) {
                let line = bytes[start..<newline]
                start = newline + 1
                scanned = start
                return line
            }
            scanned = bytes.count
            if atEnd {
                guard start < bytes.count else { return nil }
                let line = bytes[start...]
                start = bytes.count
                return line
            }
            // Drop consumed lines before reading more, so the buffer stays about one chunk.
            if start > 0 {
                bytes.removeSubrange(0..<start)
                scanned -= start
                start = 0
            }
            let old = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: 1 << 16))
            let n = try bytes.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[old...])) }
            bytes.removeLast((1 << 16) - n)
            if n == 0 { atEnd = true }
        }
    }
}

/// Standard base64 (with padding), as Go's encoding/json writes []byte.
enum Base64 {
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xff, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var out = [UInt8]()
        out.reserveCapacity(text.count / 4 * 3)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        for c in text {
            if c == UInt8(ascii: "=") { padding += 1; continue }
            // JSON may escape "/" as "\/"; the backslash carries no data.
            if c == UInt8(ascii: "\\") { continue }
            guard padding == 0 else { return nil }
            let v = table[Int(c)]
            if v == 0xff { return nil }
            accumulator = (accumulator << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return padding <= 2 ? out : nil
    }
}
