/// What the analyser found in an image: one plain value that every renderer reads.
public struct ImageReport: Codable, Sendable, Equatable {
    /// The image name or archive the report is about.
    public var image: String
    /// How the image was read: `docker save archive`, or `layer store (overlay2): ...` when
    /// a local engine's layer store was read directly (nothing exported).
    public var source: String
    /// Why the layer store was not read, when it was asked for or tried and the archive was used.
    public var sourceNote: String? = nil
    /// `docker-classic` (manifest.json + `<id>/layer.tar`), `oci` (index.json + blobs), or
    /// `layer-store` (read from the engine's own storage).
    public var layout: String
    /// Sum of the file sizes in the uncompressed layers: dive's image size.
    public var sizeBytes: Int64
    /// How `sizeBytes` was measured, said in words for reports.
    public var sizeMeasuredAs: String
    /// Sum of the uncompressed layer tar streams (headers and padding included).
    public var layerTarBytes: Int64
    /// Bytes of all layers except the first (the base): dive's "user size".
    public var userSizeBytes: Int64
    /// dive's wasted bytes: every copy of every path that appears in more than one layer,
    /// counting a file an opaque directory hides as appearing again (dive misses those).
    public var wastedBytes: Int64
    /// wastedBytes / userSizeBytes, as dive reports it (0 when there is no user layer).
    public var userWastedPercent: Double
    /// dive's efficiency score, 0 to 1.
    public var efficiency: Double
    public var layers: [LayerReport]
    /// Paths seen in more than one layer, most bytes first (dive's "inefficient files").
    public var inefficientFiles: [InefficientFile]
    /// The largest files of the final file system.
    public var largestFiles: [ImageFile]
    /// Bytes a layer added that a later layer deleted or overwrote, by the instruction that added them.
    public var findings: [WasteFinding]

    /// The report with every field that says where it was read from blanked: two reads of
    /// one image (its layer store, its archive) give equal values.
    public var ignoringSource: ImageReport {
        var copy = self
        copy.source = ""
        copy.sourceNote = nil
        copy.layout = ""
        for i in copy.layers.indices { copy.layers[i].archivePath = "" }
        return copy
    }
}

public struct LayerReport: Codable, Sendable, Equatable {
    public var index: Int
    /// Path of the layer blob in the archive.
    public var archivePath: String
    /// The layer's diff id from the image config, when given.
    public var diffID: String?
    /// Sum of the file sizes in the layer (dive's layer size).
    public var sizeBytes: Int64
    /// Uncompressed tar bytes.
    public var tarBytes: Int64
    /// Bytes as stored in the archive (smaller when compressed).
    public var storedBytes: Int64
    public var compression: LayerCompression
    public var fileCount: Int
    public var whiteoutCount: Int
    /// The history entry's `created_by`.
    public var createdBy: String
    /// The Dockerfile instruction and line this layer came from, when known.
    public var instruction: String?
    public var line: Int?
    /// Bytes this layer added that later layers deleted or overwrote.
    public var supersededBytes: Int64
}

public struct InefficientFile: Codable, Sendable, Equatable {
    public var path: String
    public var count: Int
    public var sizeBytes: Int64
}

public struct ImageFile: Codable, Sendable, Equatable {
    public var path: String
    public var sizeBytes: Int64
    public var layer: Int
    public var line: Int?
}

/// "RUN at line 7 left 34 MB in /var/lib/apt/lists that a later layer deletes or overwrites."
public struct WasteFinding: Codable, Sendable, Equatable {
    public var layer: Int
    public var line: Int?
    public var instruction: String
    public var bytes: Int64
    /// The directories (or files) that hold most of those bytes, largest first.
    public var paths: [PathBytes]
    public var message: String

    public struct PathBytes: Codable, Sendable, Equatable {
        public var path: String
        public var bytes: Int64
    }
}

/// Sizes for people: 34.2 MB (decimal units, as docker and dive print them).
public func formatBytes(_ bytes: Int64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"]
    var value = Double(bytes)
    var unit = 0
    while abs(value) >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
    if unit == 0 { return "\(bytes) B" }
    let rounded = (value * 10).rounded() / 10
    return "\(rounded) \(units[unit])"
}
