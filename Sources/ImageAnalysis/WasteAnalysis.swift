/// dive's measures, computed the way dive 0.13 computes them (filetree/efficiency.go):
///  - every leaf of every layer's own tree is one sighting of its path; a whiteout's size is
///    what it deletes if that was a directory (the subtree below it), else 0;
///  - a path seen in two or more layers is "inefficient", and all of its sightings count as
///    wasted bytes (so wastedBytes includes the copy that survives);
///  - efficiency = Σ over paths of the smallest sighting / Σ of all sightings (1 when empty).
/// Alongside, and on our own terms, the bytes each layer added that a later layer deleted or
/// overwrote ("superseded"), with the paths that account for most of them.
struct WasteAnalysis {
    struct PathStats { var count = 0; var cumulative: Int64 = 0; var minimum: Int64 = -1 }
    struct Superseded { var bytes: Int64 = 0; var byPath: [String: Int64] = [:] }

    var paths: [String: PathStats] = [:]
    var superseded: [Superseded]
    var finalTree = StackedTree()

    init(layers: [LayerContents]) {
        superseded = Array(repeating: Superseded(), count: layers.count)
        for (index, layer) in layers.enumerated() {
            sight(layer)
            stack(layer, index: index)
        }
    }

    var efficiency: Double {
        var minimum: Int64 = 0, discovered: Int64 = 0
        for stats in paths.values { minimum += stats.minimum; discovered += stats.cumulative }
        return discovered == 0 ? 1 : Double(minimum) / Double(discovered)
    }

    var inefficient: [(path: String, stats: PathStats)] {
        paths.filter { $0.value.count >= 2 }
            .map { (path: $0.key, stats: $0.value) }
            .sorted { $0.stats.cumulative != $1.stats.cumulative ? $0.stats.cumulative > $1.stats.cumulative : $0.path < $1.path }
    }

    var wastedBytes: Int64 { paths.values.reduce(0) { $0 + ($1.count >= 2 ? $1.cumulative : 0) } }

    /// Records one sighting per leaf of this layer's own tree.
    private mutating func sight(_ layer: LayerContents) {
        var parents = Set<Substring>()
        for entry in layer.entries where !entry.isOpaqueMarker {
            var path = Substring(entry.path)
            while let slash = path.lastIndex(of: "/") {
                path = path[..<slash]
                if !parents.insert(path).inserted { break }
            }
        }
        var seen = Set<LeafKey>()
        // Later members with the same name replace earlier ones in dive's tree: keep the last.
        for entry in layer.entries.reversed() where !entry.isOpaqueMarker {
            guard seen.insert(LeafKey(path: entry.path, whiteout: entry.isWhiteout)).inserted else { continue }
            if !entry.isWhiteout && parents.contains(Substring(entry.path)) { continue }
            var size = entry.size
            if entry.isWhiteout {
                if let node = finalTree.node(entry.path), node.isDirectory { size = node.subtreeSize() } else { size = 0 }
            }
            var stats = paths["/" + entry.path, default: PathStats()]
            stats.count += 1
            stats.cumulative += size
            if stats.minimum < 0 || size < stats.minimum { stats.minimum = size }
            paths["/" + entry.path] = stats
        }
    }

    /// Applies the layer on top of the ones below: deletions first, then additions.
    private mutating func stack(_ layer: LayerContents, index: Int) {
        for entry in layer.entries where entry.isWhiteout {
            guard let removed = finalTree.remove(entry.path) else { continue }
            removed.forEach(entry.path) { path, node in
                guard node.size > 0, node.layer >= 0, node.layer < index else { return }
                superseded[node.layer].bytes += node.size
                superseded[node.layer].byPath[path, default: 0] += node.size
            }
        }
        var listed = Set<Substring>()
        for entry in layer.entries where !entry.isWhiteout && !entry.isOpaqueMarker { listed.insert(Substring(entry.path)) }
        for entry in layer.entries where !entry.isWhiteout && !entry.isOpaqueMarker {
            if let previous = finalTree.set(entry.path, size: entry.size, kind: entry.kind, layer: index),
               previous.size > 0, previous.layer >= 0, previous.layer < index {
                superseded[previous.layer].bytes += previous.size
                superseded[previous.layer].byPath[entry.path, default: 0] += previous.size
            }
            // dive also re-adds the parents it implied, with an empty payload.
            var path = Substring(entry.path)
            while let slash = path.lastIndex(of: "/") {
                path = path[..<slash]
                if listed.contains(path) { break }
                listed.insert(path)
                if let node = finalTree.node(String(path)) { node.size = 0; node.isDirectory = false }
            }
        }
    }

    private struct LeafKey: Hashable { var path: String; var whiteout: Bool }
}
