import DockerfileSyntax
import Foundation
import TestSupport

/// Reading the shared conformance data.
enum Fixtures {
    static let parserDir = RepoPaths.shared("conformance/buildkit-parser")
    static let shellDir = RepoPaths.shared("conformance/buildkit-shell")
    static let corpusDir = RepoPaths.shared("corpus/real")

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    static func json(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }

    /// Sub-folders of `dir` that hold a Dockerfile, sorted by name.
    static func cases(in dir: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("Dockerfile").path) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func corpusFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: corpusDir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "Dockerfile" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func parse(_ url: URL) -> Result<ParsedDockerfile, DockerfileError> {
        do {
            let bytes = try Fixtures.bytes(url)
            return Result { () throws(DockerfileError) in try DockerfileParser.parse(bytes) }
        } catch {
            return .failure(DockerfileError(.notText, "unreadable: \(error)"))
        }
    }
}
