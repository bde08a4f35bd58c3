import Foundation
import Yams

/// An exercise as its `exercise.yaml` declares it. Loaded once, validated whole: a manifest
/// that names an unknown check kind, a missing file or a bad parameter is refused at load.
public struct ExerciseManifest: Sendable {
    /// The manifest format this dockerlings reads. A newer manifest is refused with a
    /// message to update; older formats are read as long as this one can read them.
    public static let schemaVersion = 1

    public var schema: Int
    public var id: String
    public var title: String
    /// The lesson that teaches what the exercise grades (a lesson id).
    public var lesson: String?
    /// Where the exercise sits in the course; exercises are taken in this order.
    public var order: Int
    /// The Dockerfile the learner edits, relative to the exercise folder.
    public var dockerfile: String
    /// The build context, relative to the exercise folder.
    public var context: String
    /// The naive Dockerfile size checks compare against, built from the same context.
    public var baseline: String?
    /// The reference solution's Dockerfile.
    public var solution: String
    public var build: BuildSettings
    public var checks: [CheckSpec]
    /// Hints from a nudge to a near-solution, shown one at a time.
    public var hints: [String]
    /// The course's flagship: the exercise whose image-size trend the progress view shows.
    public var flagship = false

    /// The rubric's total: the sum of the checks' points.
    public var points: Double { checks.reduce(0) { $0 + $1.points } }

    /// How the grader builds the learner's image and the baseline.
    public struct BuildSettings: Sendable, Equatable {
        public enum Network: String, Sendable, CaseIterable { case `default`, host, none }
        /// `host` for builds that download (pip) where the engine's bridge cannot reach the index.
        public var network: Network = .default
        public var timeoutSeconds: Double = 900
        public var args: [String: String] = [:]
    }
}

extension ExerciseManifest {
    static let topLevelKeys = "schema, id, title, lesson, order, points, flagship, dockerfile, context, baseline, solution, build, checks, hints"

    /// Reads and validates the manifest in `folder`. `file` names it in messages.
    static func load(folder: URL) throws(ManifestError) -> ExerciseManifest {
        let url = folder.appendingPathComponent("exercise.yaml")
        let file = url.path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ManifestError(file: file, key: "", problem: "cannot be read (each exercise folder needs an exercise.yaml)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: file, key: "", problem: "is not UTF-8 text")
        }
        let root: Node
        do {
            // The basic resolver types every scalar as a string: the reader parses numbers and
            // booleans itself, and each key lookup then compares names without a regular
            // expression per key (most of the start-up time of `dockerlings` with the default).
            guard let node = try Yams.compose(yaml: text, Resolver.basic) else {
                throw ManifestError(file: file, key: "", problem: "is empty; expected a mapping with schema, id, title, checks…")
            }
            root = node
        } catch let error as ManifestError {
            throw error
        } catch {
            throw ManifestError(file: file, key: "", problem: "is not valid YAML: \(error)")
        }
        let reader = try ManifestReader(file: file, path: "", node: root)
        return try read(reader, folder: folder)
    }

    private static func read(_ r: ManifestReader, folder: URL) throws(ManifestError) -> ExerciseManifest {
        guard let schema = try r.int("schema") else {
            throw r.fail("schema", "is required: the manifest format version (this dockerlings reads \(schemaVersion))")
        }
        if schema > schemaVersion {
            throw r.fail("schema", "is \(schema), written for a newer dockerlings (this one reads up to \(schemaVersion)); update dockerlings")
        }
        if schema < 1 { throw r.fail("schema", "expected \(schemaVersion), found \(schema)") }
        let id = try r.requiredString("id")
        // Checked by hand: a regular expression here costs more start-up than the rest of the manifest.
        let allowed = { (c: Unicode.Scalar) in ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "-" }
        guard let first = id.unicodeScalars.first, first != "-", id.unicodeScalars.allSatisfy(allowed) else {
            throw r.fail("id", "expected lowercase letters, digits and dashes, found \"\(id)\"")
        }
        if id != folder.lastPathComponent {
            throw r.fail("id", "is \"\(id)\" but the folder is \"\(folder.lastPathComponent)\"; they must match")
        }
        var manifest = ExerciseManifest(
            schema: schema, id: id, title: try r.requiredString("title"), lesson: try r.string("lesson"),
            order: try r.int("order") ?? 0, dockerfile: try r.string("dockerfile") ?? "Dockerfile",
            context: try r.string("context") ?? ".", baseline: try r.string("baseline"),
            solution: try r.string("solution") ?? "solution/Dockerfile", build: BuildSettings(), checks: [], hints: [])
        let declaredPoints = try r.double("points", range: 0...100_000)
        if let b = try r.mapping("build") {
            if let network = try b.string("network") {
                guard let value = BuildSettings.Network(rawValue: network) else {
                    throw b.fail("network", "expected one of default, host, none; found \"\(network)\"")
                }
                manifest.build.network = value
            }
            manifest.build.timeoutSeconds = try b.seconds("timeout") ?? manifest.build.timeoutSeconds
            if let args = try b.mapping("args") {
                for key in args.mapping.keys.compactMap(\.scalar?.string) {
                    manifest.build.args[key] = try args.string(key) ?? ""
                }
            }
            try b.rejectUnknownKeys(expected: "network, timeout, args")
        }
        manifest.hints = try r.strings("hints") ?? []
        manifest.flagship = try r.bool("flagship") ?? false
        guard let checkReaders = try r.mappings("checks"), !checkReaders.isEmpty else {
            throw r.fail("checks", "is required: the list of checks that make the rubric")
        }
        var seen: Set<String> = []
        for reader in checkReaders {
            let spec = try CheckSpec.read(reader, folder: folder)
            if !seen.insert(spec.id).inserted { throw reader.fail("id", "\"\(spec.id)\" is used by two checks; ids must be unique") }
            manifest.checks.append(spec)
        }
        try r.rejectUnknownKeys(expected: topLevelKeys)

        // Files the manifest names must exist.
        for (key, path) in [("dockerfile", manifest.dockerfile), ("solution", manifest.solution)] + (manifest.baseline.map { [("baseline", $0)] } ?? []) {
            if !FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path) {
                throw r.fail(key, "names \(path), which is not in \(folder.path)")
            }
        }
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent(manifest.context).path, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw r.fail("context", "names \(manifest.context), which is not a folder in \(folder.path)")
        }
        if let declaredPoints, abs(declaredPoints - manifest.points) > 0.0001 {
            throw r.fail("points", "is \(declaredPoints) but the checks' points add up to \(manifest.points)")
        }
        // Engine checks need an image: the rubric must say that it builds.
        let kinds = Set(manifest.checks.map { type(of: $0.check).kind })
        if manifest.checks.contains(where: { type(of: $0.check).phase.needsImage }) && !kinds.contains(BuildCheck.kind) {
            throw r.fail("checks", "has checks that need the image (\(manifest.checks.filter { type(of: $0.check).phase.needsImage }.map(\.id).joined(separator: ", "))) but no `build` check")
        }
        if manifest.checks.contains(where: { ($0.check as? SizeCheck)?.maxFraction != nil }) && manifest.baseline == nil {
            throw r.fail("baseline", "is required: a size check compares against the baseline (maxFraction)")
        }
        return manifest
    }
}
