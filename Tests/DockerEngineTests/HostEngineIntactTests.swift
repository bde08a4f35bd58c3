import Foundation
import Testing
import DockerEngine
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The default engine can still do what the course's http checks (and a learner's own
/// containers) need: its default bridge is on this host, and a port it publishes answers.
///
/// Swift Testing runs suites in parallel, so this cannot be ordered after the rest. It is
/// meaningful anyway: a bridge taken away stays away until dockerd restarts, so whatever took
/// it before this test runs fails it; and SecondEngineTests runs the same checks itself right
/// after its second daemon is gone, so a removal this test ran too early to see fails there.
@Suite(.enabled(if: DockerTestEngine.shouldRun)) struct HostEngineIntactTests {
    @Test func theDefaultEngineStillHasItsBridgeAndPublishesAPort() async throws {
        try await HostEngine.expectIntact(Fixtures.client())
    }
}

/// The checks, shared with SecondEngineTests.
enum HostEngine {
    /// Expects the engine's default bridge interface on this host (when the engine lives in
    /// this network namespace) and a container port published on 127.0.0.1 to answer HTTP from
    /// here. Removes every container and image it makes, on every path.
    static func expectIntact(_ client: DockerClient, context: String = "",
                             sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let why = context.isEmpty ? "" : " (\(context))"
        let found = try docker(client, ["network", "inspect", "bridge", "--format", "{{json .Options}}"])
        guard found.status == 0 else {
            Issue.record("the engine has no default `bridge` network\(why): containers cannot publish ports (dockerd --bridge=none?): \(found.stderrText)",
                         sourceLocation: sourceLocation)
            return
        }
        let options = (try? JSONSerialization.jsonObject(with: found.stdout) as? [String: String]) ?? [:]
        let bridge = options["com.docker.network.bridge.name"] ?? "docker0"

        var failure: (any Error)?
        do {
            let base = try await Fixtures.baseImage(client)
            if try engineSharesThisNetworkNamespace(client, image: base) {
                // What `ip link show docker0` asks, without needing iproute2.
                #expect(if_nametoindex(bridge) != 0,
                        "the engine's bridge \(bridge) is not on this host\(why): something removed it (a second dockerd started with --bridge=none in this network namespace does); restart dockerd",
                        sourceLocation: sourceLocation)
            }
            try expectPublishedPortAnswers(client, image: base, why: why, sourceLocation: sourceLocation)
        } catch {
            failure = error
        }
        let removed = try await client.cleanUp()
        let left = try await client.labelled()
        #expect(left.containers.isEmpty && left.images.isEmpty, "left behind: \(left), removed: \(removed)",
                sourceLocation: sourceLocation)
        if let failure { throw failure }
    }

    /// A container serving a page on a published port, read from this host.
    static func expectPublishedPortAnswers(_ client: DockerClient, image: String, why: String,
                                           sourceLocation: SourceLocation) throws {
        let token = "dockerlings-published-\(UUID().uuidString.prefix(8).lowercased())"
        // The shell is the container's (busybox), not one on this host.
        let started = try docker(client, ["run", "--detach", "--label", "\(DockerClient.labelKey)=\(client.session)",
                                          "--publish", "127.0.0.1::8000", image,
                                          "sh", "-c", "echo \(token) > /tmp/index.html && exec /bin/busybox httpd -f -p 8000 -h /tmp"])
        guard started.status == 0 else {
            Issue.record("the engine could not start a container publishing a port\(why): \(started.stderrText)",
                         sourceLocation: sourceLocation)
            return
        }
        let container = started.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let mapped = try docker(client, ["port", container, "8000/tcp"])
        // "127.0.0.1:49153"
        guard mapped.status == 0,
              let line = mapped.stdoutText.split(separator: "\n").first(where: { $0.hasPrefix("127.0.0.1:") }),
              let port = UInt16(line.split(separator: ":").last ?? "") else {
            Issue.record("no published port for 8000/tcp\(why): \(mapped.stdoutText) \(mapped.stderrText)",
                         sourceLocation: sourceLocation)
            return
        }
        // The proxy listens at once; httpd may need a moment (until then the proxy drops the connection).
        var answer: String?
        for _ in 0..<60 {
            answer = httpGet(port: port)
            if answer?.contains(token) == true { break }
            Thread.sleep(forTimeInterval: 0.25)
        }
        let logs = answer?.contains(token) == true ? "" : (try? docker(client, ["logs", container]))
            .map { $0.stdoutText + $0.stderrText } ?? ""
        #expect(answer?.hasPrefix("HTTP/1.") == true && answer?.contains(" 200 ") == true && answer?.contains(token) == true,
                "127.0.0.1:\(port) did not serve the container's page\(why): \(answer ?? "no answer") \(logs)",
                sourceLocation: sourceLocation)
    }

    /// Whether the engine's own network namespace is this process's: a `--network host`
    /// container reports the engine's namespace; the boot id tells one kernel from another
    /// (Docker Desktop's VM has its own, whose first namespace has the same number as ours).
    static func engineSharesThisNetworkNamespace(_ client: DockerClient, image: String) throws -> Bool {
        guard let ours = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net"),
              let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8) else { return false }
        let probe = try docker(client, ["run", "--rm", "--label", "\(DockerClient.labelKey)=\(client.session)",
                                        "--network", "host", image,
                                        "sh", "-c", "cat /proc/sys/kernel/random/boot_id && /bin/busybox readlink /proc/self/ns/net"])
        let lines = probe.stdoutText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        return probe.status == 0 && lines == [boot.trimmingCharacters(in: .whitespacesAndNewlines), ours]
    }

    /// The docker CLI the client uses, on the engine the environment names (as Fixtures does).
    static func docker(_ client: DockerClient, _ arguments: [String]) throws -> ProcessResult {
        try runProcess(client.executable, arguments)
    }

    /// `GET /` over HTTP/1.0 from 127.0.0.1:port; the whole answer, or nil.
    static func httpGet(port: UInt16, timeoutSeconds: Int = 5) -> String? {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else { return nil }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return answer.isEmpty ? nil : String(decoding: answer, as: UTF8.self)
    }
}
