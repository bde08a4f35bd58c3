import Crypto
import Foundation

/// The files of an exercise that belong in the learner's workspace: everything in its
/// course folder except what only the grader reads (the manifest, the naive baseline, the
/// reference solution).
enum StarterFiles {
    /// Paths relative to the exercise folder, sorted.
    static func list(of exercise: Exercise) -> [String] {
        let manifest = exercise.manifest
        var hidden: Set<String> = ["exercise.yaml"]
        if let baseline = manifest.baseline { hidden.insert(normalised(baseline)) }
        let solution = normalised(manifest.solution)
        hidden.insert(solution.split(separator: "/").count > 1 ? String(solution.split(separator: "/")[0]) : solution)

        let base = exercise.folder.standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey]) else { return [] }
        var files: [String] = []
        for case let url as URL in walker {
            let relative = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
            let top = String(relative.split(separator: "/").first ?? "")
            if hidden.contains(relative) || hidden.contains(top) || url.lastPathComponent.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(relative) }
        }
        return files.sorted()
    }

    private static func normalised(_ path: String) -> String {
        path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    }

    /// SHA-256 of a file's bytes in hex, or nil when it cannot be read.
    static func digest(of url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
