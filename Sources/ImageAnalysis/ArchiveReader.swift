import Foundation

/// The parts of a `docker save` archive, read in one pass: every layer blob is scanned as
/// it streams by (the manifest comes last in the classic layout, so layers are keyed by
/// their path and put in order at the end), and the small JSON files are kept.
struct SavedImage {
    var layers: [LayerContents]
    var history: [ImageConfigFile.History]
    var diffIDs: [String]
    var repoTags: [String]
    var layout: String
    var archiveBytes: Int64
}

enum ArchiveReader {
    /// JSON members larger than this are not metadata and are skipped.
    static let metadataLimit = 16 << 20

    static func read(_ source: ByteSource) throws -> SavedImage {
        let reader = BufferedReader(source, capacity: 1 << 20)
        let tar = TarReader(reader)
        var layers: [String: LayerContents] = [:]
        var metadata: [String: [UInt8]] = [:]
        var aliases: [String: String] = [:]
        var sawMember = false
        while let member = try tar.next() {
            sawMember = true
            var path = member.path
            while path.hasPrefix("./") { path.removeFirst(2) }
            switch member.kind {
            case .symlink, .hardLink:
                // Classic layout links a repeated layer to the first copy: "../<id>/layer.tar".
                aliases[path] = resolve(member.linkTarget, relativeTo: path, isSymlink: member.kind == .symlink)
                continue
            case .directory: continue
            default: break
            }
            guard let body = tar.body(), member.size > 0 else { continue }
            let head = try reader.peek(min(member.size, 512))
            if looksLikeLayer(head, size: member.size) {
                layers[path] = try LayerContents.read(archivePath: path, storedBytes: Int64(member.size), from: body)
            } else if member.size <= metadataLimit, head.first == UInt8(ascii: "{") || path.hasSuffix(".json") {
                metadata[path] = try readAll(body, size: member.size)
            }
        }
        guard sawMember else { throw ImageAnalysisError.corruptTar(detail: "the archive is empty") }
        return try assemble(layers: layers, metadata: metadata, aliases: aliases, archiveBytes: tar.position)
    }

    private static func readAll(_ body: ByteSource, size: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        try bytes.withUnsafeMutableBytes { buffer in
            while filled < size {
                let n = try body.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                if n == 0 { throw ImageAnalysisError.truncated(detail: "a metadata file ends early") }
                filled += n
            }
        }
        return bytes
    }

    private static func looksLikeLayer(_ head: [UInt8], size: Int) -> Bool {
        if LayerCompression.detect(head) != .none { return true }
        if head.count >= 262, head[257] == UInt8(ascii: "u"), head[258] == UInt8(ascii: "s"),
           head[259] == UInt8(ascii: "t"), head[260] == UInt8(ascii: "a"), head[261] == UInt8(ascii: "r") { return true }
        // An empty layer is just the two zero blocks.
        return size % 512 == 0 && head.count == 512 && head.allSatisfy { $0 == 0 }
    }

    private static func resolve(_ target: String, relativeTo path: String, isSymlink: Bool) -> String {
        guard isSymlink else { return target }
        var parts = path.split(separator: "/").dropLast().map(String.init)
        for part in target.split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(String(part)) }
        }
        return parts.joined(separator: "/")
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ name: String, _ metadata: [String: [UInt8]]) throws -> T? {
        guard let bytes = metadata[name] else { return nil }
        do { return try JSONDecoder().decode(T.self, from: Data(bytes)) }
        catch { throw ImageAnalysisError.badMetadata(file: name, detail: "\(error)") }
    }

    private static func assemble(layers: [String: LayerContents], metadata: [String: [UInt8]],
                                 aliases: [String: String], archiveBytes: Int64) throws -> SavedImage {
        var layerPaths: [String]
        var configPath: String
        var tags: [String] = []
        var layout: String
        if let manifest = try decode([SaveManifestEntry].self, "manifest.json", metadata), let first = manifest.first {
            layerPaths = first.Layers
            configPath = first.Config
            tags = first.RepoTags ?? []
            layout = metadata["index.json"] != nil ? "oci" : "docker-classic"
        } else if var index = try decode(OCIIndex.self, "index.json", metadata) {
            // Follow nested indexes down to the first image manifest.
            var depth = 0
            while index.layers == nil, let next = index.manifests?.first, depth < 4 {
                guard let nested = try decode(OCIIndex.self, blobPath(next.digest), metadata) else {
                    throw ImageAnalysisError.missingLayer(path: blobPath(next.digest))
                }
                index = nested; depth += 1
            }
            guard let config = index.config, let found = index.layers else { throw ImageAnalysisError.noManifest }
            layerPaths = found.map { blobPath($0.digest) }
            configPath = blobPath(config.digest)
            layout = "oci"
        } else {
            throw ImageAnalysisError.noManifest
        }
        let config = try decode(ImageConfigFile.self, configPath, metadata)
        var ordered: [LayerContents] = []
        for path in layerPaths {
            var key = path
            var hops = 0
            while layers[key] == nil, let next = aliases[key], hops < 8 { key = next; hops += 1 }
            guard var layer = layers[key] else { throw ImageAnalysisError.missingLayer(path: path) }
            layer.archivePath = path
            ordered.append(layer)
        }
        return SavedImage(layers: ordered, history: config?.history ?? [], diffIDs: config?.rootfs?.diff_ids ?? [],
                          repoTags: tags, layout: layout, archiveBytes: archiveBytes)
    }
}
