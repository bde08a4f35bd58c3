/// One member of a tar archive, as the header (with any PAX or GNU long-name records) says.
struct TarHeader {
    enum Kind { case file, hardLink, symlink, directory, other }
    var path: String
    var size: Int
    var kind: Kind
    var linkTarget: String
    var mode: Int
}

/// Reads a tar stream member by member (ustar, PAX and GNU long names). After `next()`
/// the caller may read the member through `body()`; whatever it leaves is skipped.
final class TarReader {
    private let reader: BufferedReader
    private var pendingBody: LimitedSource?
    private var pendingPadding = 0

    init(_ reader: BufferedReader) { self.reader = reader }
    convenience init(_ source: ByteSource) { self.init(BufferedReader(source)) }

    /// Total bytes consumed from the stream, including headers and padding.
    var position: Int64 { reader.position }

    func next() throws -> TarHeader? {
        try finishPending()
        var paxPath: String?
        var paxLink: String?
        var paxSize: Int?
        var longName: String?
        var longLink: String?
        while true {
            guard let raw = try reader.withBlock(512, { RawHeader($0) }) else {
                return nil  // a stream that ends without the two zero blocks is accepted
            }
            guard let header = raw else { return nil }  // a zero block: end of archive
            guard header.checksumValid else { throw ImageAnalysisError.corruptTar(detail: "bad header checksum near byte \(reader.position - 512)") }
            let padded = (header.size + 511) & ~511
            switch header.typeflag {
            case UInt8(ascii: "x"):
                let records = try reader.read(header.size)
                try reader.skip(padded - header.size)
                for (key, value) in parsePAX(records) {
                    switch key {
                    case "path": paxPath = value
                    case "linkpath": paxLink = value
                    case "size": paxSize = Int(value)
                    default: break
                    }
                }
                continue
            case UInt8(ascii: "g"):
                try reader.skip(padded)
                continue
            case UInt8(ascii: "L"), UInt8(ascii: "K"):
                let bytes = try reader.read(header.size)
                try reader.skip(padded - header.size)
                let text = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                if header.typeflag == UInt8(ascii: "L") { longName = text } else { longLink = text }
                continue
            default:
                break
            }
            let size = paxSize ?? header.size
            let kind: TarHeader.Kind
            switch header.typeflag {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): kind = .file
            case UInt8(ascii: "1"): kind = .hardLink
            case UInt8(ascii: "2"): kind = .symlink
            case UInt8(ascii: "5"): kind = .directory
            default: kind = .other
            }
            // Links and directories carry no data even when a header claims a size.
            let bodySize = (kind == .file || kind == .other) ? size : 0
            pendingBody = LimitedSource(reader, limit: bodySize)
            pendingPadding = ((bodySize + 511) & ~511) - bodySize
            return TarHeader(
                path: paxPath ?? longName ?? header.name,
                size: bodySize,
                kind: kind,
                linkTarget: paxLink ?? longLink ?? header.linkName,
                mode: header.mode)
        }
    }

    /// The current member's data. Valid until the next call to `next()`.
    func body() -> LimitedSource? { pendingBody }

    private func finishPending() throws {
        if let body = pendingBody {
            try body.drain()
            if body.remaining > 0 { throw ImageAnalysisError.truncated(detail: "a tar member ends early") }
            try reader.skip(pendingPadding)
            pendingBody = nil
            pendingPadding = 0
        }
    }

    private func parsePAX(_ bytes: [UInt8]) -> [(String, String)] {
        var out: [(String, String)] = []
        var index = 0
        while index < bytes.count {
            guard let space = bytes[index...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: bytes[index..<space], as: UTF8.self)),
                  length > 0, index + length <= bytes.count else { break }
            let record = bytes[(space + 1)..<(index + length - 1)]  // drop the trailing newline
            if let eq = record.firstIndex(of: UInt8(ascii: "=")) {
                out.append((String(decoding: record[record.startIndex..<eq], as: UTF8.self),
                            String(decoding: record[(eq + 1)...], as: UTF8.self)))
            }
            index += length
        }
        return out
    }
}

/// The fixed 512-byte ustar header.
private struct RawHeader {
    var name: String
    var mode: Int
    var size: Int
    var typeflag: UInt8
    var linkName: String
    var checksumValid: Bool

    /// nil for an all-zero block (the end-of-archive marker).
    init?(_ block: UnsafeRawBufferPointer) {
        if block.allSatisfy({ $0 == 0 }) { return nil }
        func text(_ range: Range<Int>) -> String {
            let slice = UnsafeRawBufferPointer(rebasing: block[range])
            let end = slice.firstIndex(of: 0) ?? slice.count
            return String(decoding: UnsafeRawBufferPointer(rebasing: slice[0..<end]), as: UTF8.self)
        }
        func number(_ range: Range<Int>) -> Int {
            if block[range.lowerBound] & 0x80 != 0 {  // base-256 for large values
                var value = Int(block[range.lowerBound] & 0x7f)
                for i in (range.lowerBound + 1)..<range.upperBound { value = value << 8 | Int(block[i]) }
                return value
            }
            var value = 0
            for i in range {
                let c = block[i]
                if c >= 0x30 && c <= 0x37 { value = value * 8 + Int(c - 0x30) }
                else if c == 0 || (c == 0x20 && value > 0) { break }
            }
            return value
        }
        var base = text(0..<100)
        let isUstar = block[257] == UInt8(ascii: "u") && block[258] == UInt8(ascii: "s")
        if isUstar {
            let prefix = text(345..<500)
            if !prefix.isEmpty { base = prefix + "/" + base }
        }
        name = base
        mode = number(100..<108)
        size = number(124..<136)
        typeflag = block[156]
        linkName = text(157..<257)
        var sum = 0
        for i in 0..<512 { sum += (148..<156).contains(i) ? 0x20 : Int(block[i]) }
        checksumValid = sum == number(148..<156)
    }
}
