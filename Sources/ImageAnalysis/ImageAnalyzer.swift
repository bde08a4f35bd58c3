/// Reads a `docker save` archive from a stream and reports sizes, waste and efficiency.
///
///     let source = try FileDescriptorSource(path: "image.tar")
///     let analysis = try ImageAnalyzer.analyze(source, name: "app:1", instructions: lines)
///
/// The stream is read once, front to back; nothing is unpacked to disk.
public enum ImageAnalyzer {
    public static let sizeDefinition =
        "sum of file sizes in the uncompressed layers (dive's definition; the same on every storage driver)"

    public static func analyze(_ source: ByteSource, name: String,
                               instructions: [SourceInstruction] = []) throws -> ImageAnalysis {
        let saved = try ArchiveReader.read(source)
        return analyze(saved, name: name, instructions: instructions, source: archiveSource)
    }

    /// How the archive path reads an image, in the report's words.
    public static let archiveSource = "docker save archive"

    static func analyze(_ saved: SavedImage, name: String, instructions: [SourceInstruction], source: String) -> ImageAnalysis {
        let waste = WasteAnalysis(layers: saved.layers)
        // History entries that made a layer, in order (the same pairing dive makes).
        let layerHistory = saved.history.filter { $0.empty_layer != true }
        let createdBy = saved.layers.indices.map { i in i < layerHistory.count ? (layerHistory[i].created_by ?? "") : "" }
        let matched = InstructionAttribution.match(history: createdBy, instructions: instructions)

        var layers: [LayerReport] = []
        for (i, layer) in saved.layers.enumerated() {
            layers.append(LayerReport(
                index: i, archivePath: layer.archivePath,
                diffID: i < saved.diffIDs.count ? saved.diffIDs[i] : nil,
                sizeBytes: layer.contentBytes, tarBytes: layer.tarBytes, storedBytes: layer.storedBytes,
                compression: layer.compression,
                fileCount: layer.entries.filter { !$0.isWhiteout && !$0.isOpaqueMarker }.count,
                whiteoutCount: layer.entries.filter { $0.isWhiteout || $0.isOpaqueMarker }.count,
                createdBy: createdBy[i],
                instruction: matched[i]?.text, line: matched[i]?.line,
                supersededBytes: waste.superseded[i].bytes))
        }
        let size = layers.reduce(Int64(0)) { $0 + $1.sizeBytes }
        let userSize = layers.dropFirst().reduce(Int64(0)) { $0 + $1.sizeBytes }
        let wasted = waste.wastedBytes

        var files: [ImageFile] = []
        waste.finalTree.root.forEach("") { path, node in
            if node.size > 0 && !node.isDirectory {
                files.append(ImageFile(path: "/" + path, sizeBytes: node.size, layer: node.layer,
                                       line: node.layer >= 0 && node.layer < layers.count ? layers[node.layer].line : nil))
            }
        }
        files.sort { $0.sizeBytes != $1.sizeBytes ? $0.sizeBytes > $1.sizeBytes : $0.path < $1.path }

        let report = ImageReport(
            image: name, source: source, layout: saved.layout, sizeBytes: size, sizeMeasuredAs: sizeDefinition,
            layerTarBytes: layers.reduce(0) { $0 + $1.tarBytes }, userSizeBytes: userSize,
            wastedBytes: wasted, userWastedPercent: userSize > 0 ? Double(wasted) / Double(userSize) : 0,
            efficiency: waste.efficiency, layers: layers,
            inefficientFiles: waste.inefficient.map { InefficientFile(path: $0.path, count: $0.stats.count, sizeBytes: $0.stats.cumulative) },
            largestFiles: Array(files.prefix(20)),
            findings: findings(waste, layers))
        return ImageAnalysis(report: report, layers: saved.layers)
    }

    private static func findings(_ waste: WasteAnalysis, _ layers: [LayerReport]) -> [WasteFinding] {
        var out: [WasteFinding] = []
        for (i, superseded) in waste.superseded.enumerated() where superseded.bytes > 0 {
            let layer = layers[i]
            // Group by directory so the finding names a place, not a thousand files.
            var byDirectory: [String: Int64] = [:]
            for (path, bytes) in superseded.byPath {
                let parts = path.split(separator: "/")
                let key = parts.count <= 1 ? "/" + path : "/" + parts.prefix(min(parts.count - 1, 4)).joined(separator: "/")
                byDirectory[key, default: 0] += bytes
            }
            let top = byDirectory.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(3).map { WasteFinding.PathBytes(path: $0.key, bytes: $0.value) }
            let what = layer.instruction.map { String($0.prefix { !$0.isWhitespace }).uppercased() }
                ?? (layer.createdBy.isEmpty ? "layer \(i)" : "layer \(i) (\(layer.createdBy.prefix(40)))")
            let at = layer.line.map { " at line \($0)" } ?? ""
            let place = top.first.map { " in \($0.path)" } ?? ""
            let message = "\(what)\(at) left \(formatBytes(superseded.bytes))\(place) that a later layer deletes or overwrites; "
                + "remove it in the same instruction that creates it, or build it in another stage."
            out.append(WasteFinding(layer: i, line: layer.line, instruction: layer.instruction ?? layer.createdBy,
                                    bytes: superseded.bytes, paths: Array(top), message: message))
        }
        return out.sorted { $0.bytes > $1.bytes }
    }
}

/// The report, plus each layer's files for callers that want to walk the trees.
public struct ImageAnalysis: Sendable {
    public var report: ImageReport
    public var layers: [LayerContents]
}
