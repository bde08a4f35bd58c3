import Foundation

/// `manifest.json` of `docker save` (both layouts write it; OCI-only archives may not).
struct SaveManifestEntry: Decodable {
    var Config: String
    var RepoTags: [String]?
    var Layers: [String]
}

/// OCI `index.json` and image manifests: just the parts needed to find layers and config.
struct OCIDescriptor: Decodable {
    var mediaType: String?
    var digest: String
    var size: Int64?
}

struct OCIIndex: Decodable {
    var manifests: [OCIDescriptor]?
    // An image manifest (when a descriptor points at one).
    var config: OCIDescriptor?
    var layers: [OCIDescriptor]?
}

/// The image config: what each history step ran, and the runtime settings.
struct ImageConfigFile: Decodable {
    struct History: Decodable {
        var created_by: String?
        var empty_layer: Bool?
        var comment: String?
    }
    struct RootFS: Decodable { var diff_ids: [String]? }
    var history: [History]?
    var rootfs: RootFS?
    var architecture: String?
    var os: String?
}

/// The path of a blob in an OCI layout.
func blobPath(_ digest: String) -> String {
    digest.replacingOccurrences(of: ":", with: "/").replacingOccurrences(of: "sha256/", with: "blobs/sha256/")
}
