import Foundation
import Yams

/// Reads one YAML mapping of a manifest, remembering where it is so every refusal names
/// the file and the key, and which keys were read so an unknown (misspelt) key is refused
/// rather than silently ignored.
struct ManifestReader {
    let file: String
    let path: String
    let mapping: Node.Mapping
    private let consumed = KeySet()

    init(file: String, path: String, node: Node) throws(ManifestError) {
        guard case .mapping(let mapping) = node else {
            throw ManifestError(file: file, key: path, problem: "expected a mapping of keys to values, found \(Self.describe(node))")
        }
        self.file = file
        self.path = path
        self.mapping = mapping
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    func fail(_ name: String, _ problem: String) -> ManifestError {
        ManifestError(file: file, key: key(name), problem: problem)
    }

    func node(_ name: String) -> Node? {
        consumed.insert(name)
        return mapping[name]
    }

    func has(_ name: String) -> Bool { mapping[name] != nil }

    func string(_ name: String) throws(ManifestError) -> String? {
        guard let node = node(name) else { return nil }
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty || scalar.style != .plain else {
            throw fail(name, "expected a text value, found \(Self.describe(node))")
        }
        return scalar.string
    }

    func requiredString(_ name: String) throws(ManifestError) -> String {
        guard let value = try string(name), !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail(name, "is required (a non-empty text value)")
        }
        return value
    }

    func int(_ name: String, range: ClosedRange<Int>? = nil) throws(ManifestError) -> Int? {
        guard let node = node(name) else { return nil }
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            throw fail(name, "expected a whole number, found \(Self.describe(node))")
        }
        if let range, !range.contains(value) {
            throw fail(name, "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(value)")
        }
        return value
    }

    func double(_ name: String, range: ClosedRange<Double>? = nil) throws(ManifestError) -> Double? {
        guard let node = node(name) else { return nil }
        guard case .scalar(let scalar) = node, let value = Double(scalar.string), value.isFinite else {
            throw fail(name, "expected a number, found \(Self.describe(node))")
        }
        if let range, !range.contains(value) {
            throw fail(name, "expected a number from \(range.lowerBound) to \(range.upperBound), found \(scalar.string)")
        }
        return value
    }

    func bool(_ name: String) throws(ManifestError) -> Bool? {
        guard let node = node(name) else { return nil }
        guard case .scalar(let scalar) = node else { throw fail(name, "expected true or false, found \(Self.describe(node))") }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(name, "expected true or false, found \"\(scalar.string)\"")
        }
    }

    /// A duration in seconds: a number, or a number with `s`, `m` or `ms`.
    func seconds(_ name: String) throws(ManifestError) -> Double? {
        guard let text = try string(name) else { return nil }
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for (suffix, factor) in units where lower.hasSuffix(suffix) {
            if let value = Double(lower.dropLast(suffix.count)), value > 0 { return value * factor }
        }
        if let value = Double(lower), value > 0 { return value }
        throw fail(name, "expected a duration such as 30, 30s, 500ms or 2m, found \"\(text)\"")
    }

    /// A byte count: a number, or a number with B, kB, MB, GB (powers of 1000) or KiB, MiB, GiB.
    func bytes(_ name: String) throws(ManifestError) -> Int64? {
        guard let text = try string(name) else { return nil }
        guard let value = ByteCount.parse(text) else {
            throw fail(name, "expected a size such as 150MB, 1.5GB, 200MiB or a number of bytes, found \"\(text)\"")
        }
        return value
    }

    func strings(_ name: String) throws(ManifestError) -> [String]? {
        guard let node = node(name) else { return nil }
        if case .scalar(let scalar) = node { return [scalar.string] }
        guard case .sequence(let items) = node else {
            throw fail(name, "expected a list of text values, found \(Self.describe(node))")
        }
        var out: [String] = []
        for (index, item) in items.enumerated() {
            guard case .scalar(let scalar) = item else {
                throw ManifestError(file: file, key: "\(key(name))[\(index)]", problem: "expected a text value, found \(Self.describe(item))")
            }
            out.append(scalar.string)
        }
        return out
    }

    func mappings(_ name: String) throws(ManifestError) -> [ManifestReader]? {
        guard let node = node(name) else { return nil }
        guard case .sequence(let items) = node else {
            throw fail(name, "expected a list, found \(Self.describe(node))")
        }
        var out: [ManifestReader] = []
        for (index, item) in items.enumerated() {
            out.append(try ManifestReader(file: file, path: "\(key(name))[\(index)]", node: item))
        }
        return out
    }

    func mapping(_ name: String) throws(ManifestError) -> ManifestReader? {
        guard let node = node(name) else { return nil }
        return try ManifestReader(file: file, path: key(name), node: node)
    }

    /// Refuses keys nobody read: a misspelt `maxFracton` must not pass silently.
    func rejectUnknownKeys(expected: String) throws(ManifestError) {
        for key in mapping.keys {
            let name = key.scalar?.string ?? "\(key)"
            if !consumed.contains(name) {
                throw ManifestError(file: file, key: self.key(name), problem: "unknown key; expected one of: \(expected)")
            }
        }
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "nothing" : "\"\(s.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

/// The keys a reader has consumed (a reference, so reading stays a non-mutating call).
private final class KeySet: @unchecked Sendable {
    private var names: Set<String> = []
    func insert(_ name: String) { names.insert(name) }
    func contains(_ name: String) -> Bool { names.contains(name) }
}

/// Sizes as people write them in manifests.
enum ByteCount {
    static func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [
            ("KIB", 1024), ("MIB", 1024 * 1024), ("GIB", 1024 * 1024 * 1024),
            ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1),
        ]
        let upper = trimmed.uppercased()
        for (suffix, factor) in units where upper.hasSuffix(suffix) {
            let number = upper.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            if let value = Double(number), value >= 0, value.isFinite { return Int64(value * factor) }
            return nil
        }
        if let value = Int64(trimmed), value >= 0 { return value }
        return nil
    }
}
