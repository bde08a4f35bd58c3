import Foundation

/// Free space where the engine keeps images, layers and build cache (its DockerRootDir).
public enum DataRootSpace: Sendable, Equatable {
    case measured(path: String, freeBytes: Int64, totalBytes: Int64)
    /// The data root is not on this machine's file systems (a remote engine, a VM), or unknown.
    case notMeasurable(reason: String)
}

extension EngineInfo {
    /// Measures the data root with statvfs when the engine is local: reached through a unix
    /// socket, not inside Docker Desktop's VM, and its data root a folder here. May block on
    /// a hung file system: callers put a deadline on it.
    public func dataRootSpace(endpoint: EngineEndpoint) -> DataRootSpace {
        guard let root = dataRoot else { return .notMeasurable(reason: "the engine did not say where its data root is") }
        guard endpoint.socketPath != nil else {
            return .notMeasurable(reason: "the engine at \(endpoint.address ?? "?") is not on this machine, so \(root) cannot be measured from here")
        }
        if operatingSystem?.contains("Docker Desktop") == true {
            return .notMeasurable(reason: "\(root) is inside Docker Desktop's virtual machine; its disk size is in Docker Desktop's settings")
        }
        var facts = statvfs()
        guard statvfs(root, &facts) == 0 else {
            return .notMeasurable(reason: "\(root) cannot be measured from here (\(String(cString: strerror(errno))))")
        }
        let block = Int64(facts.f_frsize == 0 ? facts.f_bsize : facts.f_frsize)
        return .measured(path: root, freeBytes: Int64(facts.f_bavail) * block, totalBytes: Int64(facts.f_blocks) * block)
    }
}
