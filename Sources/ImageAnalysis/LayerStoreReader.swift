import Foundation

/// An image as a local Docker engine keeps it on disk, found by DockerEngine: the image
/// config (`image/<driver>/imagedb/content/sha256/<id>`) and, per layer, the tar-split
/// record in the layer database (`image/<driver>/layerdb/sha256/<chainID>/tar-split.json.gz`).
public struct LayerStoreImage: Sendable {
    public struct Layer: Sendable {
        public var diffID: String
        public var chainID: String
        /// The layer's `tar-split.json.gz`.
        public var tarSplitPath: String
        public init(diffID: String, chainID: String, tarSplitPath: String) {
            self.diffID = diffID; self.chainID = chainID; self.tarSplitPath = tarSplitPath
        }
    }

    /// The config file's bytes, exactly as `docker save` would put them in the archive.
    public var config: [UInt8]
    public var layers: [Layer]
    /// The storage driver (`overlay2`), for the report.
    public var driver: String

    public init(config: [UInt8], layers: [Layer], driver: String) {
        self.config = config; self.layers = layers; self.driver = driver
    }
}

extension ImageAnalyzer {
    /// Analyses an image straight from the engine's layer store: nothing is exported, and
    /// each layer's members are the ones its export would contain (see TarSplitSource), so
    /// every figure equals the archive path's.
    /// - Parameter checkpoint: called before each layer; throw from it to stop (timeout, cancel).
    public static func analyze(layerStore image: LayerStoreImage, name: String,
                               instructions: [SourceInstruction] = [],
                               checkpoint: () throws -> Void = {}) throws -> ImageAnalysis {
        let config: ImageConfigFile
        do { config = try JSONDecoder().decode(ImageConfigFile.self, from: Data(image.config)) }
        catch { throw ImageAnalysisError.badMetadata(file: "the image config", detail: "\(error)") }
        let diffIDs = config.rootfs?.diff_ids ?? []
        guard diffIDs == image.layers.map(\.diffID) else {
            throw ImageAnalysisError.badMetadata(file: "the image config",
                                                 detail: "its layers (\(diffIDs.count)) are not the ones the engine listed (\(image.layers.count))")
        }
        var layers: [LayerContents] = []
        for layer in image.layers {
            try checkpoint()
            let file = try FileDescriptorSource(path: layer.tarSplitPath)
            let record = TarSplitSource(GzipSource(file))
            let hex = layer.chainID.split(separator: ":").last.map(String.init) ?? layer.chainID
            var contents = try LayerContents.read(archivePath: "layerdb/sha256/\(hex)", storedBytes: 0, from: record)
            // Through to the end of the record: the tar's length includes its closing blocks.
            while try record.skip(Int.max / 2) > 0 {}
            contents.storedBytes = record.position
            contents.tarBytes = record.position
            layers.append(contents)
        }
        let saved = SavedImage(layers: layers, history: config.history ?? [], diffIDs: diffIDs, repoTags: [],
                               layout: "layer-store", archiveBytes: 0)
        return analyze(saved, name: name, instructions: instructions,
                       source: "layer store (\(image.driver)): tar-split records, nothing exported")
    }
}
