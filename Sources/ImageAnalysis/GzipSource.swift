/// Decompresses a gzip stream (RFC 1952 around RFC 1951 deflate) as it is read.
/// Written here so the analyser needs no system zlib; layers from `docker save` are usually
/// plain tar, so this path matters for OCI archives with compressed layers. The CRC is not
/// checked (the tar checksums still guard every header); the length trailer is.
final class GzipSource: ByteSource {
    private let input: ByteSource
    // Raw buffers, not arrays: the inner loops touch them per byte, and an array stored in a
    // class pays an exclusivity and uniqueness check on every write.
    private let inBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
    private var inPos = 0
    private var inEnd = 0
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0

    private let window = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)  // last 64 KiB of output (32 KiB needed)
    private var windowPos = 0
    private var memberOutput: UInt32 = 0
    /// Uncompressed bytes produced so far.
    private(set) var totalOutput: Int64 = 0

    private enum State { case memberHeader, blockHeader, stored(Int), huffman, trailer, done }
    private var state = State.memberHeader
    private var finalBlock = false
    private var literals = Huffman.empty
    private var distances = Huffman.empty
    private var copyLength = 0
    private var copyDistance = 0

    init(_ input: ByteSource) {
        self.input = input
        window.initialize(repeating: 0, count: 1 << 16)
    }

    deinit {
        inBuffer.deallocate()
        window.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let out = buffer.bindMemory(to: UInt8.self)
        var produced = 0
        defer { totalOutput += Int64(produced) }
        while produced < out.count {
            if copyLength > 0 {
                // A back-reference: copy byte by byte (source and destination may overlap).
                let n = min(copyLength, out.count - produced)
                let base = out.baseAddress! + produced
                var position = windowPos
                let distance = copyDistance
                for k in 0..<n {
                    let byte = window[(position &- distance) & 0xffff]
                    base[k] = byte
                    window[position & 0xffff] = byte
                    position &+= 1
                }
                windowPos = position
                memberOutput &+= UInt32(truncatingIfNeeded: n)
                produced += n
                copyLength -= n
                continue
            }
            switch state {
            case .done:
                return produced
            case .memberHeader:
                guard try readMemberHeader() else { state = .done; continue }
                state = .blockHeader
            case .blockHeader:
                if finalBlock { state = .trailer; continue }
                try readBlockHeader()
            case .stored(let left):
                if left == 0 { state = .blockHeader; continue }
                if bitCount == 0 {
                    // Byte-aligned with nothing held in the bit buffer: copy straight from the input.
                    guard try refill() else { throw ImageAnalysisError.truncated(detail: "a gzip layer ends early") }
                    let n = min(left, out.count - produced, inEnd - inPos)
                    let base = out.baseAddress! + produced
                    UnsafeMutableRawPointer(base).copyMemory(from: inBuffer.baseAddress! + inPos, byteCount: n)
                    for k in 0..<n { window[(windowPos &+ k) & 0xffff] = base[k] }
                    windowPos &+= n
                    memberOutput &+= UInt32(truncatingIfNeeded: n)
                    inPos += n
                    produced += n
                    state = .stored(left - n)
                    continue
                }
                let byte = UInt8(try bits(8))
                emit(byte, out, &produced)
                state = .stored(left - 1)
            case .huffman:
                let symbol = try decode(literals)
                if symbol < 256 {
                    emit(UInt8(symbol), out, &produced)
                } else if symbol == 256 {
                    state = .blockHeader
                } else {
                    let index = symbol - 257
                    guard index < 29 else { throw ImageAnalysisError.corruptLayer(detail: "gzip: bad length code") }
                    copyLength = Self.lengthBase[index] + (try bits(Self.lengthExtra[index]))
                    let d = try decode(distances)
                    guard d < 30 else { throw ImageAnalysisError.corruptLayer(detail: "gzip: bad distance code") }
                    copyDistance = Self.distBase[d] + (try bits(Self.distExtra[d]))
                }
            case .trailer:
                bitBuffer >>= UInt64(bitCount & 7); bitCount -= bitCount & 7
                _ = try bits(32)  // CRC-32, not checked
                let size = UInt32(try bits(32))
                guard size == memberOutput else { throw ImageAnalysisError.corruptLayer(detail: "gzip: length trailer does not match") }
                finalBlock = false
                state = .memberHeader
            }
        }
        return produced
    }

    @inline(__always)
    private func emit(_ byte: UInt8, _ out: UnsafeMutableBufferPointer<UInt8>, _ produced: inout Int) {
        out[produced] = byte
        produced += 1
        window[windowPos & 0xffff] = byte
        windowPos &+= 1
        memberOutput &+= 1
    }

    // MARK: bits

    private func refill() throws -> Bool {
        if inPos < inEnd { return true }
        inEnd = try input.read(into: inBuffer)
        inPos = 0
        return inEnd > 0
    }

    @inline(__always)
    private func need(_ count: Int) throws -> Bool {
        while bitCount < count {
            guard try refill() else { return false }
            bitBuffer |= UInt64(inBuffer[inPos]) << UInt64(bitCount)
            inPos += 1
            bitCount += 8
        }
        return true
    }

    private func bits(_ count: Int) throws -> Int {
        if count == 0 { return 0 }
        guard try need(count) else { throw ImageAnalysisError.truncated(detail: "a gzip layer ends early") }
        let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
        bitBuffer >>= UInt64(count)
        bitCount -= count
        return value
    }

    private func decode(_ table: Huffman) throws -> Int {
        _ = try need(table.maxBits)  // may fall short at the very end; the entry length says
        let entry = table.table[Int(bitBuffer & UInt64((1 << table.maxBits) - 1))]
        let length = Int(entry & 0xf)
        guard length > 0, length <= bitCount else { throw ImageAnalysisError.corruptLayer(detail: "gzip: bad Huffman code") }
        bitBuffer >>= UInt64(length)
        bitCount -= length
        return Int(entry >> 4)
    }

    // MARK: structure

    /// Reads a gzip member header; false at a clean end of stream.
    private func readMemberHeader() throws -> Bool {
        guard try need(8) else { return false }
        let id1 = try bits(8), id2 = try bits(8)
        guard id1 == 0x1f, id2 == 0x8b else {
            if memberOutput > 0 || windowPos > 0 { return false }  // trailing garbage after a member
            throw ImageAnalysisError.corruptLayer(detail: "not a gzip stream")
        }
        guard try bits(8) == 8 else { throw ImageAnalysisError.corruptLayer(detail: "gzip: unknown compression method") }
        let flags = try bits(8)
        _ = try bits(32); _ = try bits(16)  // mtime, xfl, os
        if flags & 4 != 0 { let n = try bits(16); for _ in 0..<n { _ = try bits(8) } }
        if flags & 8 != 0 { while try bits(8) != 0 {} }
        if flags & 16 != 0 { while try bits(8) != 0 {} }
        if flags & 2 != 0 { _ = try bits(16) }
        memberOutput = 0
        return true
    }

    private func readBlockHeader() throws {
        finalBlock = try bits(1) == 1
        switch try bits(2) {
        case 0:
            bitBuffer >>= UInt64(bitCount & 7); bitCount -= bitCount & 7
            let length = try bits(16), complement = try bits(16)
            guard length == (~complement & 0xffff) else { throw ImageAnalysisError.corruptLayer(detail: "gzip: bad stored block") }
            state = .stored(length)
        case 1:
            literals = Self.fixedLiterals
            distances = Self.fixedDistances
            state = .huffman
        case 2:
            let nlen = try bits(5) + 257, ndist = try bits(5) + 1, ncode = try bits(4) + 4
            var codeLengths = [UInt8](repeating: 0, count: 19)
            for i in 0..<ncode { codeLengths[Self.codeOrder[i]] = UInt8(try bits(3)) }
            let codeTable = try Huffman(lengths: codeLengths)
            var lengths = [UInt8]()
            lengths.reserveCapacity(nlen + ndist)
            while lengths.count < nlen + ndist {
                let symbol = try decode(codeTable)
                switch symbol {
                case 0..<16: lengths.append(UInt8(symbol))
                case 16:
                    guard let last = lengths.last else { throw ImageAnalysisError.corruptLayer(detail: "gzip: repeat with no length") }
                    lengths.append(contentsOf: repeatElement(last, count: 3 + (try bits(2))))
                case 17: lengths.append(contentsOf: repeatElement(0, count: 3 + (try bits(3))))
                default: lengths.append(contentsOf: repeatElement(0, count: 11 + (try bits(7))))
                }
            }
            guard lengths.count == nlen + ndist else { throw ImageAnalysisError.corruptLayer(detail: "gzip: too many code lengths") }
            literals = try Huffman(lengths: Array(lengths[0..<nlen]))
            distances = try Huffman(lengths: Array(lengths[nlen...]))
            state = .huffman
        default:
            throw ImageAnalysisError.corruptLayer(detail: "gzip: reserved block type")
        }
    }

    private static let codeOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    private static let fixedLiterals: Huffman = {
        var lengths = [UInt8](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        return (try? Huffman(lengths: lengths)) ?? .empty
    }()
    private static let fixedDistances: Huffman = (try? Huffman(lengths: [UInt8](repeating: 5, count: 30))) ?? .empty
}

/// A canonical Huffman code as a direct lookup table indexed by the next `maxBits` input
/// bits (deflate sends codes bit-reversed); each entry is symbol << 4 | code length.
private struct Huffman {
    var table: [UInt32]
    var maxBits: Int

    static let empty = Huffman(table: [0], maxBits: 0)
    private init(table: [UInt32], maxBits: Int) { self.table = table; self.maxBits = maxBits }

    init(lengths: [UInt8]) throws {
        let maxBits = max(1, Int(lengths.max() ?? 0))
        guard maxBits <= 15 else { throw ImageAnalysisError.corruptLayer(detail: "gzip: code too long") }
        var count = [Int](repeating: 0, count: 16)
        for l in lengths where l > 0 { count[Int(l)] += 1 }
        var next = [Int](repeating: 0, count: 16)
        var code = 0
        for bits in 1...15 {
            code = (code + count[bits - 1]) << 1
            next[bits] = code
        }
        var table = [UInt32](repeating: 0, count: 1 << maxBits)
        for (symbol, l) in lengths.enumerated() where l > 0 {
            let length = Int(l)
            let c = next[length]; next[length] += 1
            var reversed = 0
            for i in 0..<length where c & (1 << i) != 0 { reversed |= 1 << (length - 1 - i) }
            let entry = UInt32(symbol) << 4 | UInt32(length)
            var index = reversed
            while index < table.count { table[index] = entry; index += 1 << length }
        }
        self.table = table
        self.maxBits = maxBits
    }
}
