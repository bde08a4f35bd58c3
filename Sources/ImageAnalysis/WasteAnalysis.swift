/// dive's measures, computed the way dive 0.13 computes them (filetree/efficiency.go):
///  - every leaf of every layer's own tree is one sighting of its path; a whiteout's size is
///    what it deletes if that was a directory (the subtree below it), else 0;
///  - a path seen in two or more layers is "inefficient", and all of its sightings count as
///    wasted bytes (so wastedBytes includes the copy that survives);
///  - efficiency = Σ over paths of the smallest sighting / Σ of all sightings (1 when empty).
/// One deliberate difference: dive skips opaque markers (`DIR/.wh..wh..opq`, written when a
/// directory is deleted and made again in one layer), so the files they hide look shipped and
/// unwasted. Here each file (each leaf) a marker hides from the layers below is sighted once
/// more, as a deletion of size 0, the sighting an explicit `.wh.` of it would give: its bytes
/// count as wasted, as they do after a plain `rm`.
/// Alongside, and on our own terms, the bytes each layer added that a later layer deleted,
/// hid or overwrote ("superseded"), with the paths that account for most of them.
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

    /// Records one sighting per leaf of this layer's own tree, and one per leaf an opaque
    /// marker hides (unless this layer writes that path again: then it is sighted as written).
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
        let markers = layer.entries.filter(\.isOpaqueMarker)
        guard !markers.isEmpty else { return }
        let named = Set(layer.entries.filter { !$0.isOpaqueMarker }.map(\.path))
        for marker in markers {
            guard let directory = finalTree.node(marker.path) else { continue }
            for (name, child) in directory.children {
                child.forEach(marker.path.isEmpty ? String(name) : marker.path + "/" + name) { path, node in
                    guard node.children.isEmpty, !named.contains(path) else { return }
                    var stats = paths["/" + path, default: PathStats()]
                    stats.count += 1
                    stats.minimum = 0
                    paths["/" + path] = stats
                }
            }
        }
    }

    /// Applies the layer on top of the ones below: deletions first, then additions. As the OCI
    /// layer spec says, whiteouts and opaque markers apply only to the layers below, before
    /// this layer's own members, wherever they sit in the tar (docker writes the marker just
    /// after its directory, before the files the layer puts back in it).
    private mutating func stack(_ layer: LayerContents, index: Int) {
        for entry in layer.entries where entry.isWhiteout || entry.isOpaqueMarker {
            if entry.isWhiteout {
                if let removed = finalTree.remove(entry.path) { chargeRemoved(removed, at: entry.path, by: index) }
            } else if let directory = finalTree.node(entry.path) {
                // Opaque: the directory stays, everything the layers below put in it goes.
                let hidden = directory.children
                directory.children = [:]
                for (name, child) in hidden { chargeRemoved(child, at: entry.path.isEmpty ? String(name) : entry.path + "/" + name, by: index) }
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

    /// Charges each file of a removed subtree to the layer that wrote it.
    private mutating func chargeRemoved(_ removed: StackedTree.Node, at path: String, by index: Int) {
        removed.forEach(path) { path, node in
            guard node.size > 0, node.layer >= 0, node.layer < index else { return }
            superseded[node.layer].bytes += node.size
            superseded[node.layer].byPath[path, default: 0] += node.size
        }
    }

    private struct LeafKey: Hashable { var path: String; var whiteout: Bool }
}
