/// One file-system entry of a layer, as its tar member says.
public struct LayerEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable { case file, directory, symlink, hardLink, other }
    /// Path without a leading slash, e.g. `usr/bin/python3`.
    public var path: String
    /// Bytes of file data (0 for directories and links), as in the tar header.
    public var size: Int64
    public var kind: Kind
    public var linkTarget: String
    /// `.wh.NAME`: NAME (the path here) is deleted from the layers below.
    public var isWhiteout: Bool
    /// `.wh..wh..opq`: the directory (the path here) hides everything below it.
    public var isOpaqueMarker: Bool
}

/// How a layer blob was stored in the archive.
public enum LayerCompression: String, Sendable, Codable {
    case none, gzip, zstd

    /// Recognises a blob from its first bytes.
    static func detect(_ head: [UInt8]) -> LayerCompression {
        if head.count >= 2 && head[0] == 0x1f && head[1] == 0x8b { return .gzip }
        if head.count >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd { return .zstd }
        return .none
    }
}

/// Everything read from one layer blob.
public struct LayerContents: Sendable {
    /// Where the blob sits in the archive (`<id>/layer.tar` or `blobs/sha256/<hex>`).
    public var archivePath: String
    public var compression: LayerCompression
    /// Bytes of the blob as stored (compressed size for compressed layers).
    public var storedBytes: Int64
    /// Bytes of the uncompressed tar stream.
    public var tarBytes: Int64
    public var entries: [LayerEntry]

    /// Sum of the file sizes in the tar headers: dive's "layer size", and ours.
    public var contentBytes: Int64 { entries.reduce(0) { $0 + $1.size } }
}

extension LayerContents {
    /// Reads a layer tar from a stream, decompressing gzip on the way.
    static func read(archivePath: String, storedBytes: Int64, from source: ByteSource) throws -> LayerContents {
        let head = BufferedReader(source, capacity: 1 << 20)
        let compression = LayerCompression.detect(try head.peek(4))
        let tar: TarReader
        var gzip: GzipSource?
        switch compression {
        case .none: tar = TarReader(head)
        case .gzip:
            let g = GzipSource(ReaderSource(head))
            gzip = g
            tar = TarReader(g)
        case .zstd: throw ImageAnalysisError.zstdLayer(layer: archivePath)
        }
        var entries: [LayerEntry] = []
        while let member = try tar.next() {
            var path = member.path
            while path.hasPrefix("./") { path.removeFirst(2) }
            while path.hasPrefix("/") { path.removeFirst() }
            while path.hasSuffix("/") { path.removeLast() }
            if path.isEmpty || path == "." { continue }
            let kind: LayerEntry.Kind = switch member.kind {
            case .file: .file
            case .directory: .directory
            case .symlink: .symlink
            case .hardLink: .hardLink
            case .other: .other
            }
            let name = path.split(separator: "/").last.map(String.init) ?? path
            var entry = LayerEntry(path: path, size: Int64(member.size), kind: kind, linkTarget: member.linkTarget,
                                   isWhiteout: false, isOpaqueMarker: false)
            if name == ".wh..wh..opq" {
                entry.isOpaqueMarker = true
                entry.path = parent(of: path)
            } else if name.hasPrefix(".wh.") {
                entry.isWhiteout = true
                let dir = parent(of: path)
                let target = String(name.dropFirst(4))
                entry.path = dir.isEmpty ? target : dir + "/" + target
            }
            entries.append(entry)
        }
        // Read to the end so a gzip trailer is checked and the outer stream stays aligned.
        if let gzip {
            let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
            defer { scratch.deallocate() }
            while try gzip.read(into: scratch) > 0 {}
        }
        return LayerContents(archivePath: archivePath, compression: compression, storedBytes: storedBytes,
                             tarBytes: gzip?.totalOutput ?? storedBytes, entries: entries)
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

/// Lets a decompressor pull from a buffered reader that has already peeked at the head.
final class ReaderSource: ByteSource {
    private let reader: BufferedReader
    init(_ reader: BufferedReader) { self.reader = reader }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { try reader.readSome(into: buffer) }
    func skip(_ count: Int) throws -> Int { try reader.skip(count) }
}
