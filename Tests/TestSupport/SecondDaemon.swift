import Foundation
import SystemSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A second dockerd in a network namespace of its own (`unshare --net`, no fork: the process
/// started here is dockerd itself, so signals reach it). Its unix socket lies under a temporary
/// directory, a file system object, reachable from the host's namespace. Its data root, exec
/// root (where its managed containerd keeps socket and state), pid file and containerd
/// namespaces (should it find a system containerd) are its own.
///
/// Used by the engine's own test (DOCKER_HOST sends the build there) and by `regrade`'s
/// (a class re-graded on it, and the engine going away mid-run). Moved here from
/// DockerEngineTests so both targets share one.
public final class SecondDaemon: @unchecked Sendable {
    public let root: URL
    public let socket: String
    public var host: String { "unix://\(socket)" }
    public let log: URL
    private var process: ChildProcess!
    private var output: ChildOutputReader?
    /// `net:[inode]` of the daemon's network namespace as read once it answers.
    public private(set) var namespaceSeen: String?
    /// The same, only when it is a namespace of its own: neither this process's nor init's.
    /// Nothing is ever swept from any other.
    public private(set) var namespace: String?
    private var stopped = false

    public static func locateUnshare() -> URL? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/bin:/bin:/usr/sbin:/sbin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("unshare") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    private init(root: URL) {
        self.root = root
        socket = root.appendingPathComponent("d.sock").path
        log = root.appendingPathComponent("dockerd.log")
    }

    /// `extraArguments` go to dockerd after its own (a short `--shutdown-timeout` for a test
    /// that stops it mid-build).
    public static func start(dockerd: URL, unshare: URL, extraArguments: [String] = []) throws -> SecondDaemon {
        // Short paths: a unix socket path must fit in 108 bytes.
        let id = UUID().uuidString.prefix(6).lowercased()
        let daemon = SecondDaemon(root: URL(fileURLWithPath: "/tmp/dl2-\(id)"))
        try FileManager.default.createDirectory(at: daemon.root, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: daemon.log.path, contents: nil)
        let path = { (name: String) in daemon.root.appendingPathComponent(name).path }
        let arguments = ["--net", "--", dockerd.path,
                         "--host", daemon.host, "--data-root", path("data"), "--exec-root", path("exec"),
                         "--pidfile", path("d.pid"),
                         "--containerd-namespace", "dl2-\(id)", "--containerd-plugins-namespace", "dl2-\(id)-plugins",
                         "--bridge=none", "--iptables=false", "--ip-masq=false"] + extraArguments
        do {
            daemon.process = try ChildProcess.launch(unshare.path, arguments)
        } catch {
            try? FileManager.default.removeItem(at: daemon.root)
            throw error
        }
        // Its output, line by line, into its log (logTail reads it when something goes wrong).
        let log = try FileHandle(forWritingTo: daemon.log)
        daemon.output = daemon.process.readOutput { _, line in try? log.write(contentsOf: Data((line + "\n").utf8)) }
        return daemon
    }

    public var logTail: String { String(((try? String(contentsOf: log, encoding: .utf8)) ?? "").suffix(1500)) }

    /// Waits for the Engine API on its socket; fails at once if the daemon exits.
    public func waitUntilAnswering() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_HOST"] = host
        environment.removeValue(forKey: "DOCKER_CONTEXT")
        for _ in 0..<120 {
            if !process.isRunning { break }
            let version = try? runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["docker", "version", "--format", "{{.Server.Version}}"],
                                          environment: environment)
            if version?.status == 0 {
                readNamespace()
                return
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        let status = process.isRunning ? "did not answer" : "exited (\(process.exitStatus ?? -1))"
        throw SecondDaemonError.failed("the second dockerd \(status): \(logTail)")
    }

    private func readNamespace() {
        let seen = netNamespace(of: "\(process.pid)")
        namespaceSeen = seen
        // init's may be unreadable (then only this process's counts).
        if let seen, let ours = netNamespace(of: "self"), seen != ours, seen != netNamespace(of: "1") {
            namespace = seen
        }
    }

    /// Ends the daemon (SIGINT, then SIGKILL after 60 s); then its own programs still in its
    /// network namespace (which goes with its last process) and the containers they ran, with
    /// their cgroups; then any mount left under its root; then its files. Nothing is left
    /// after a clean stop; the rest is for a daemon that had to be killed. Safe to call twice.
    /// Returns what went wrong on the way, for the test to record as issues (nothing when
    /// the daemon stopped cleanly).
    @discardableResult
    public func stop() -> [String] {
        var problems: [String] = []
        guard !stopped else { return problems }
        stopped = true
        if process.isRunning {
            // It may not have answered yet; its namespace is still the one to sweep.
            if namespaceSeen == nil { readNamespace() }
            process.send(SIGINT)
            if process.wait(timeout: .seconds(60)) == nil {
                problems.append("the second dockerd ignored SIGINT for 60 s; killing it: \(logTail)")
                process.send(SIGKILL)
                _ = process.wait(timeout: .seconds(10))
            }
        }
        if let namespace {
            // containerd and its shims leave with dockerd; give them a moment, then make sure.
            var left = processes(in: namespace)
            for _ in 0..<50 where !left.isEmpty {
                Thread.sleep(forTimeInterval: 0.1)
                left = processes(in: namespace)
            }
            if !left.isEmpty {
                // With them, what runs under them: a shim's container outlives the shim.
                let doomed = withDescendants(left)
                problems.append("still in the second dockerd's network namespace after it stopped: \(left); killed with what they ran: \(doomed)")
                for pid in doomed { kill(pid, SIGKILL) }
                for _ in 0..<50 where !doomed.allSatisfy(hasExited) { Thread.sleep(forTimeInterval: 0.1) }
                removeContainerCgroups()
            }
            if !processes(in: namespace).isEmpty {
                problems.append("the second dockerd's programs outlived it in its network namespace")
            }
        }
        if process.wait(timeout: .seconds(10)) == nil {
            problems.append("the second dockerd (\(process.pid)) did not exit within 10 s of being killed")
        }
        // Overlay mounts under its data root, should a killed daemon have left any (deepest first).
        #if canImport(Glibc)
        for mount in mounts(under: root.path).sorted(by: { $0.count > $1.count }) {
            _ = umount2(mount, Int32(MNT_DETACH))
        }
        #endif
        try? FileManager.default.removeItem(at: root)
        return problems
    }

    /// Gone, or a zombie waiting for its parent.
    private func hasExited(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
    }

    private func netNamespace(of process: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process)/ns/net")
    }

    /// The daemon's own programs (dockerd, its containerd, shims, runc) whose network namespace
    /// is `namespace`; `namespace` is never this process's or init's (see `namespace`).
    private func processes(in namespace: String) -> [Int32] {
        let me = getpid()
        let ours = ["dockerd", "containerd", "containerd-shim", "containerd-shim-runc-v2", "runc", "docker-init", "docker-proxy"]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard pid != me, pid != 1, netNamespace(of: "\(pid)") == namespace else { return false }
            let name = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            // comm is cut at 15 characters ("containerd-shim" for the runc v2 shim).
            return ours.contains(name)
        }
    }

    /// `roots` and every process below them (parents from /proc/<pid>/stat).
    private func withDescendants(_ roots: [Int32]) -> [Int32] {
        var parents: [Int32: Int32] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = Int32(fields[1]) { parents[pid] = parent }
        }
        var all = Set(roots)
        var grew = true
        while grew {
            grew = false
            for (pid, parent) in parents where all.contains(parent) && !all.contains(pid) && pid != getpid() {
                all.insert(pid)
                grew = true
            }
        }
        return all.sorted()
    }

    /// The (now empty) cgroups of containers it ran, which only the daemon would have removed:
    /// cgroupfs v1 and v2, and systemd's scopes. rmdir removes only empty ones.
    private func removeContainerCgroups() {
        let fm = FileManager.default
        let ids = (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent("data/containers").path)) ?? []
        let base = "/sys/fs/cgroup"
        let hierarchies = [base] + ((try? fm.contentsOfDirectory(atPath: base)) ?? []).map { "\(base)/\($0)" }
        for id in ids where id.count == 64 && id.allSatisfy(\.isHexDigit) {
            for hierarchy in hierarchies {
                _ = rmdir("\(hierarchy)/docker/\(id)")
                _ = rmdir("\(hierarchy)/system.slice/docker-\(id).scope")
            }
        }
    }

    /// Mount points at or below `path`, from this process's mount table.
    private func mounts(under path: String) -> [String] {
        let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { return nil }
            // Octal escapes (\040 for a space) do not occur in the short paths used here.
            let point = String(fields[4])
            return point == path || point.hasPrefix(path + "/") ? point : nil
        }
    }

    public enum SecondDaemonError: Error, CustomStringConvertible {
        case failed(String)
        public var description: String { if case .failed(let text) = self { return text }; return "" }
    }
}
