import Foundation
import TestSupport

/// Makes real `docker save`-shaped archives with the system's tar, gzip and zstd, so the
/// reader is tested against what those tools write, not against bytes we wrote ourselves.
struct ArchiveBuilder {
    enum Layout { case classic, oci }
    enum Compression { case none, gzip, zstd }

    /// A layer: files (path → contents), directories, and whiteouts (paths to delete).
    struct Layer {
        var files: [String: Data] = [:]
        var directories: [String] = []
        var whiteouts: [String] = []
        var opaque: [String] = []
        var createdBy = ""
    }

    let root: URL

    init() throws { root = try RepoPaths.temporaryDirectory("image-analysis") }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }

    static func tool(_ name: String) -> URL {
        for dir in ["/usr/bin", "/bin", "/usr/local/bin", "/opt/homebrew/bin"] {
            let url = URL(fileURLWithPath: dir).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return URL(fileURLWithPath: "/usr/bin/\(name)")
    }

    @discardableResult
    func run(_ tool: String, _ args: [String], in dir: URL? = nil) throws -> ProcessResult {
        let result = try runProcess(Self.tool(tool), args, currentDirectory: dir)
        guard result.status == 0 else { throw BuilderError.failed("\(tool) \(args): \(result.stderrText)") }
        return result
    }

    enum BuilderError: Error { case failed(String) }

    /// Writes one layer's tree and tars it (sorted names, like docker), returning the tar file.
    func layerTar(_ layer: Layer, name: String) throws -> URL {
        let dir = root.appendingPathComponent("tree-\(name)")
        let fm = FileManager.default
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        for d in layer.directories { try fm.createDirectory(at: dir.appendingPathComponent(d), withIntermediateDirectories: true) }
        for (path, data) in layer.files {
            let url = dir.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        for path in layer.whiteouts {
            let url = dir.appendingPathComponent(path)
            let marker = url.deletingLastPathComponent().appendingPathComponent(".wh." + url.lastPathComponent)
            try fm.createDirectory(at: marker.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data().write(to: marker)
        }
        for path in layer.opaque {
            let marker = dir.appendingPathComponent(path).appendingPathComponent(".wh..wh..opq")
            try fm.createDirectory(at: marker.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data().write(to: marker)
        }
        let tar = root.appendingPathComponent("layer-\(name).tar")
        try run("tar", ["--sort=name", "--format=pax", "-C", dir.path, "-cf", tar.path, "."])
        return tar
    }

    /// Builds a complete archive and returns its path.
    func archive(_ layers: [Layer], layout: Layout, compression: Compression = .none,
                 extraHistory: [(String, Bool)] = []) throws -> URL {
        let out = root.appendingPathComponent("archive-\(UUID().uuidString.prefix(6))")
        let fm = FileManager.default
        try fm.createDirectory(at: out, withIntermediateDirectories: true)
        var layerPaths: [String] = []
        var diffIDs: [String] = []
        var descriptors: [[String: Any]] = []
        for (i, layer) in layers.enumerated() {
            var tar = try layerTar(layer, name: "\(i)-\(out.lastPathComponent)")
            diffIDs.append("sha256:" + (try sha256(tar)))
            switch compression {
            case .none: break
            case .gzip: try run("gzip", ["-n", "-f", tar.path]); tar = URL(fileURLWithPath: tar.path + ".gz")
            case .zstd: try run("zstd", ["-q", "-f", "--rm", tar.path]); tar = URL(fileURLWithPath: tar.path + ".zst")
            }
            let digest = try sha256(tar)
            let path: String
            switch layout {
            case .classic: path = "\(String(format: "%02d", i))\(digest.prefix(62))/layer.tar"
            case .oci: path = "blobs/sha256/\(digest)"
            }
            try fm.createDirectory(at: out.appendingPathComponent(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: tar, to: out.appendingPathComponent(path))
            layerPaths.append(path)
            let size = (try fm.attributesOfItem(atPath: tar.path)[.size] as? Int) ?? 0
            descriptors.append(["mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:\(digest)", "size": size])
        }
        var history: [[String: Any]] = layers.map { ["created_by": $0.createdBy] }
        for (text, empty) in extraHistory { history.append(["created_by": text, "empty_layer": empty]) }
        let config: [String: Any] = ["architecture": "amd64", "os": "linux", "history": history,
                                     "rootfs": ["type": "layers", "diff_ids": diffIDs]]
        let configData = try JSONSerialization.data(withJSONObject: config)
        let configDigest = sha256(configData)
        let configPath = layout == .classic ? "\(configDigest).json" : "blobs/sha256/\(configDigest)"
        try configData.write(to: out.appendingPathComponent(configPath))
        switch layout {
        case .classic:
            let manifest = [["Config": configPath, "RepoTags": ["test:1"], "Layers": layerPaths]]
            try JSONSerialization.data(withJSONObject: manifest).write(to: out.appendingPathComponent("manifest.json"))
        case .oci:
            // No manifest.json: the pure OCI layout, reached through index.json.
            let manifest: [String: Any] = ["schemaVersion": 2, "config": ["digest": "sha256:\(configDigest)", "size": configData.count],
                                           "layers": descriptors]
            let manifestData = try JSONSerialization.data(withJSONObject: manifest)
            let manifestDigest = sha256(manifestData)
            try manifestData.write(to: out.appendingPathComponent("blobs/sha256/\(manifestDigest)"))
            let index: [String: Any] = ["schemaVersion": 2, "manifests": [["digest": "sha256:\(manifestDigest)", "size": manifestData.count]]]
            try JSONSerialization.data(withJSONObject: index).write(to: out.appendingPathComponent("index.json"))
            try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: out.appendingPathComponent("oci-layout"))
        }
        let archive = root.appendingPathComponent("\(out.lastPathComponent).tar")
        try run("tar", ["-C", out.path, "-cf", archive.path, "."])
        return archive
    }

    func sha256(_ file: URL) throws -> String {
        let result = try run("sha256sum", [file.path])
        return String(result.stdoutText.prefix(64))
    }

    func sha256(_ data: Data) -> String {
        let file = root.appendingPathComponent("hash-\(UUID().uuidString)")
        try? data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return (try? sha256(file)) ?? UUID().uuidString
    }
}

func bytes(_ count: Int, _ value: UInt8 = 0x61) -> Data { Data(repeating: value, count: count) }
