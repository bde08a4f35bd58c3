/// The file system as seen through layers 0...n, built up one layer at a time. Each node
/// remembers which layer wrote it, so bytes that a later layer deletes or overwrites can be
/// charged to the layer that added them. Follows dive's stacking rules (a whiteout removes a
/// subtree) so the figures agree, except that an opaque marker empties its directory of what
/// the layers below put there, as the OCI layer spec says (dive ignores the marker).
final class StackedTree {
    final class Node {
        var children: [Substring: Node] = [:]
        var size: Int64 = 0
        var isDirectory = false
        var layer = -1
        var kind: LayerEntry.Kind = .directory

        func subtreeSize() -> Int64 {
            var total = size
            for child in children.values { total += child.subtreeSize() }
            return total
        }

        func forEach(_ path: String, _ body: (String, Node) -> Void) {
            body(path, self)
            for (name, child) in children { child.forEach(path.isEmpty ? String(name) : path + "/" + name, body) }
        }
    }

    let root = Node()

    func node(_ path: String) -> Node? {
        var node = root
        for part in path.split(separator: "/") {
            guard let next = node.children[part] else { return nil }
            node = next
        }
        return node
    }

    /// Sets the payload at `path`, creating parents with an empty payload as dive does.
    /// Returns the payload it replaced, if any.
    @discardableResult
    func set(_ path: String, size: Int64, kind: LayerEntry.Kind, layer: Int) -> (size: Int64, layer: Int, isDirectory: Bool)? {
        var node = root
        var created = false
        for part in path.split(separator: "/") {
            if let next = node.children[part] {
                node = next
                created = false
            } else {
                let child = Node()
                child.kind = .other  // an implied parent: no payload of its own
                child.layer = layer
                node.children[part] = child
                node = child
                created = true
            }
        }
        let previous = created ? nil : (size: node.size, layer: node.layer, isDirectory: node.isDirectory)
        node.size = size
        node.kind = kind
        node.isDirectory = kind == .directory
        node.layer = layer
        return previous
    }

    /// Removes `path` and everything under it; returns the removed node.
    @discardableResult
    func remove(_ path: String) -> Node? {
        let parts = path.split(separator: "/")
        guard let last = parts.last else { return nil }
        var node = root
        for part in parts.dropLast() {
            guard let next = node.children[part] else { return nil }
            node = next
        }
        return node.children.removeValue(forKey: last)
    }
}
