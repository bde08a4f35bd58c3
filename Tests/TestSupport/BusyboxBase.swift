import Foundation

/// A base image with no registry: Debian's static busybox with every applet linked, a
/// /tmp, and a passwd file with root and nobody, `docker import`ed under one fixed tag.
/// Made once per machine (kept between runs, like the stand-in bases), so the grader's
/// tests build in well under a second.
public enum BusyboxBase {
    public static let tag = "dockerlings-test-busybox:1"

    private static let made = MadeOnce()

    /// The tag, after importing the image if the engine lacks it.
    public static func image() throws -> String {
        try made.run { try make(environment: nil) }
        return tag
    }

    /// The same image on the engine at `host` (a second engine a test started), under the same tag.
    public static func image(host: String) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_HOST"] = host
        environment.removeValue(forKey: "DOCKER_CONTEXT")
        try make(environment: environment)
        return tag
    }

    private static func make(environment: [String: String]?) throws {
        let docker = URL(fileURLWithPath: "/usr/bin/env")
        if try runProcess(docker, ["docker", "image", "inspect", tag], environment: environment).status == 0 { return }
        let dir = try RepoPaths.temporaryDirectory("busybox-base")
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = dir.appendingPathComponent("rootfs")
        let fm = FileManager.default
        for sub in ["bin", "tmp", "etc", "www"] {
            try fm.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try fm.copyItem(atPath: "/bin/busybox", toPath: root.appendingPathComponent("bin/busybox").path)
        let list = try runProcess(URL(fileURLWithPath: "/bin/busybox"), ["--list"])
        for applet in list.stdoutText.split(separator: "\n") where applet != "busybox" {
            try? fm.createSymbolicLink(atPath: root.appendingPathComponent("bin/\(applet)").path, withDestinationPath: "busybox")
        }
        try "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"
            .write(to: root.appendingPathComponent("etc/passwd"), atomically: true, encoding: .utf8)
        try "root:x:0:\nnogroup:x:65534:\n".write(to: root.appendingPathComponent("etc/group"), atomically: true, encoding: .utf8)
        let tarball = dir.appendingPathComponent("rootfs.tar")
        let tar = try runProcess(docker, ["tar", "-C", root.path, "-cf", tarball.path, "."])
        guard tar.status == 0 else { throw BaseImageError(message: "tar failed: \(tar.stderrText)") }
        let imported = try runProcess(docker, ["docker", "import", "--change", "ENV PATH=/bin", tarball.path, tag], environment: environment)
        guard imported.status == 0 else { throw BaseImageError(message: "docker import failed: \(imported.stderrText)") }
    }

    public struct BaseImageError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}

/// Runs a throwing body once per process; later callers get the first outcome.
private final class MadeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<Void, Error>?

    func run(_ body: () throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        if let outcome { return try outcome.get() }
        let result = Result { try body() }
        outcome = result
        try result.get()
    }
}
