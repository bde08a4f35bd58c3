/// What can go wrong reading an image archive, each with what to do about it.
public enum ImageAnalysisError: Error, Equatable, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case readFailed(reason: String)
    case truncated(detail: String)
    case corruptTar(detail: String)
    case corruptLayer(detail: String)
    case zstdLayer(layer: String)
    case noManifest
    case missingLayer(path: String)
    case badMetadata(file: String, detail: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "Cannot open \(path): \(reason). Check the path, or make the archive with `docker save IMAGE -o FILE`."
        case .readFailed(let reason):
            return "Reading the image archive failed: \(reason)."
        case .truncated(let detail):
            return "The image archive is cut short (\(detail)). Save it again with `docker save IMAGE -o FILE` and check the disk has room."
        case .corruptTar(let detail):
            return "This is not a readable tar archive (\(detail)). Pass a file written by `docker save`."
        case .corruptLayer(let detail):
            return "A layer of the image cannot be decoded (\(detail)). Save the image again with `docker save`."
        case .zstdLayer(let layer):
            return "Layer \(layer) is zstd-compressed and this build has no zstd decoder. Load the image into Docker and analyse it by name (`dockerlings analyze IMAGE`): `docker save` from the engine writes plain layers."
        case .noManifest:
            return "The archive has neither manifest.json nor index.json, so it is not a `docker save` archive. Make one with `docker save IMAGE -o FILE`."
        case .missingLayer(let path):
            return "The archive's manifest names layer \(path) but the archive does not contain it. Save the image again."
        case .badMetadata(let file, let detail):
            return "\(file) in the archive cannot be read (\(detail)). Save the image again with `docker save`."
        }
    }
}
