import Crypto
import Foundation
import ImageAnalysis

/// Where `analyze` reads an image from.
public enum AnalysisSource: String, Sendable, CaseIterable {
    /// The engine's layer store when it can be read from here, else the archive.
    case automatic = "auto"
    /// Always the `docker save` archive (Engine API socket or CLI, see `ArchiveTransport`).
    case archive
    /// Only the layer store; an error saying why when it cannot be read.
    case layerStore = "layer-store"
}

/// Finds an image in a local engine's own storage, so it can be analysed without exporting
/// it. `docker save` makes the daemon write the whole archive to a temporary directory
/// before the first byte is sent; that export is the floor under every archive reader.
///
/// What is read (Docker's layer store, moby `layer/` and `image/` packages):
///  - `GET /info` on the socket: `Driver` and `DockerRootDir`;
///  - `GET /images/{name}/json`: the image id and its layers' diff ids (`RootFS.Layers`);
///  - `<root>/image/<driver>/imagedb/content/sha256/<id>`: the image config, checked to hash
///    to the id (so the files are this engine's, even if a socket was forwarded);
///  - per layer, its chain id (`sha256(parentChainID + " " + diffID)`, the first layer's is its
///    diff id) and `<root>/image/<driver>/layerdb/sha256/<chain>/tar-split.json.gz`: the
///    record from which the daemon itself reassembles the layer's tar on export.
/// Anything missing or unreadable is a reason to use the archive instead, and is said.
struct LayerStoreLocator {
    var socket: String
    /// Overrides the engine's DockerRootDir (a daemon whose data is mounted elsewhere here).
    var rootOverride: String?

    enum Outcome {
        case found(LayerStoreImage)
        case unavailable(reason: String)
        case imageNotFound
    }

    func locate(_ reference: String) -> Outcome {
        let info: EngineAPIConnection.JSONResult
        do { info = try EngineAPIConnection.getJSON(socket: socket, "/info") } catch {
            return .unavailable(reason: "the engine did not answer GET /info (\(error))")
        }
        struct Info: Decodable { var Driver: String?; var DockerRootDir: String? }
        guard info.status == 200, let facts = try? JSONDecoder().decode(Info.self, from: Data(info.body)),
              let driver = facts.Driver, !driver.isEmpty, let reportedRoot = facts.DockerRootDir, !reportedRoot.isEmpty else {
            return .unavailable(reason: "GET /info did not give the storage driver and data directory")
        }
        let root = rootOverride ?? reportedRoot

        let inspect: EngineAPIConnection.JSONResult
        do { inspect = try EngineAPIConnection.getJSON(socket: socket, "/images/\(Self.pathEscaped(reference))/json") } catch {
            return .unavailable(reason: "the engine did not answer GET /images/\(reference)/json (\(error))")
        }
        if inspect.status == 404 { return .imageNotFound }
        struct Image: Decodable {
            struct RootFS: Decodable { var Layers: [String]? }
            var Id: String; var RootFS: RootFS?
        }
        guard inspect.status == 200, let image = try? JSONDecoder().decode(Image.self, from: Data(inspect.body)) else {
            return .unavailable(reason: "GET /images/\(reference)/json answered \(inspect.status)")
        }
        guard image.Id.hasPrefix("sha256:") else {
            return .unavailable(reason: "the image id \(image.Id) is not a sha256 digest")
        }
        let store = root + "/image/" + driver
        let configPath = store + "/imagedb/content/sha256/" + image.Id.dropFirst("sha256:".count)
        let config: [UInt8]
        switch Self.readFile(configPath) {
        case .success(let bytes): config = bytes
        case .failure(let reason): return .unavailable(reason: "cannot read \(configPath): \(reason.text)")
        }
        guard Self.sha256(config) == image.Id else {
            return .unavailable(reason: "\(configPath) is not the config of \(image.Id): \(root) belongs to another engine")
        }
        var layers: [LayerStoreImage.Layer] = []
        var chain: String?
        for diffID in image.RootFS?.Layers ?? [] {
            let chainID = chain.map { Self.sha256(Array(($0 + " " + diffID).utf8)) } ?? diffID
            chain = chainID
            let path = store + "/layerdb/sha256/" + chainID.dropFirst("sha256:".count) + "/tar-split.json.gz"
            guard access(path, R_OK) == 0 else {
                return .unavailable(reason: "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            layers.append(LayerStoreImage.Layer(diffID: diffID, chainID: chainID, tarSplitPath: path))
        }
        return .found(LayerStoreImage(config: config, layers: layers, driver: driver))
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    struct ReadFailure: Error { var text: String }

    static func readFile(_ path: String) -> Result<[UInt8], ReadFailure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadFailure(text: String(cString: strerror(errno)))) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(ReadFailure(text: String(cString: strerror(errno))))
            }
            if n == 0 { return .success(bytes) }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// An image reference in a URL path: names, tags and digests keep their `/`, `:` and `@`.
    static func pathEscaped(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"),
                 UInt8(ascii: ":"), UInt8(ascii: "@"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}

extension EngineAPIConnection {
    struct JSONResult { var status: Int; var body: [UInt8] }

    /// One small GET on a fresh connection, the whole body read (at most 64 MiB).
    static func getJSON(socket: String, _ target: String) throws -> JSONResult {
        let connection = try EngineAPIConnection(socketPath: socket)
        let response = try connection.get(target)
        var body: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 8)
        defer { chunk.deallocate() }
        while body.count < 64 << 20 {
            let n = try response.body.read(into: chunk)
            if n == 0 { break }
            body.append(contentsOf: chunk[0..<n])
        }
        return JSONResult(status: response.status, body: body)
    }
}
