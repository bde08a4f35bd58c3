import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An HTTP answer: status code, headers (names lowercased), body as text.
public struct HTTPAnswer: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: String
}

/// Why an HTTP check got no answer, and what to do about it.
public enum HTTPCheckError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Nothing listens there (connection refused).
    case connectionRefused(host: String, port: Int)
    /// The connection was accepted, then closed or reset before a complete answer.
    case connectionClosed(host: String, port: Int)
    /// Connected, but no complete answer in time.
    case timedOut(host: String, port: Int, path: String, seconds: Double)
    /// Something answered, but not HTTP.
    case malformedAnswer(host: String, port: Int, detail: String)
    /// No connection could be made for another reason (unknown host, unreachable network).
    case cannotConnect(host: String, port: Int, reason: String)
    /// `waitUntilAnswering` gave up. `containerPort` is set when the port was published from a container.
    case notAnswering(host: String, port: Int, containerPort: Int?, path: String, seconds: Double, lastProblem: String)

    public var description: String {
        switch self {
        case .connectionRefused(let host, let port):
            return "Nothing listens on \(host):\(port) (connection refused). Check that the app is running and which port it listens on."
        case .connectionClosed(let host, let port):
            return """
                \(host):\(port) accepted the connection but closed it without an answer. For a published \
                container port this is Docker's proxy finding nothing listening inside: is the app listening \
                on 0.0.0.0 on that port?
                """
        case .timedOut(let host, let port, let path, let seconds):
            return "GET \(path) on \(host):\(port) got no complete answer within \(Self.format(seconds)) s. Is the app stuck, or still starting?"
        case .malformedAnswer(let host, let port, let detail):
            return "\(host):\(port) answered, but not with HTTP (\(detail)). Is it the right port, and does the app speak plain HTTP (not HTTPS)?"
        case .cannotConnect(let host, let port, let reason):
            return "Cannot connect to \(host):\(port): \(reason)."
        case .notAnswering(let host, let port, let containerPort, let path, let seconds, let lastProblem):
            let place = containerPort.map { "container port \($0) (published on \(host):\(port))" } ?? "\(host):\(port)"
            let listen = containerPort.map { String($0) } ?? "the expected port"
            return """
                The app never answered GET \(path) on \(place) within \(Self.format(seconds)) s (last try: \(lastProblem)). \
                Is it listening on 0.0.0.0, not 127.0.0.1 or localhost? Inside a container, 127.0.0.1 is the \
                container's own loopback, which a published port cannot reach. Check too that it listens on \
                \(listen), and read `docker logs` to see whether it started.
                """
        }
    }

    /// A few words for "last try: ...".
    var shortReason: String {
        switch self {
        case .connectionRefused: return "connection refused"
        case .connectionClosed: return "connection closed without an answer"
        case .timedOut(_, _, _, let seconds): return "no answer within \(Self.format(seconds)) s"
        case .malformedAnswer(_, _, let detail): return "not HTTP: \(detail)"
        case .cannotConnect(_, _, let reason): return reason
        case .notAnswering(_, _, _, _, _, let last): return last
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}

/// One plain HTTP/1.1 GET over a TCP socket (no proxy, no TLS, no redirects followed). Any
/// status is an answer; only getting none throws an `HTTPCheckError`. Cancelling the task
/// closes the connection and throws `CancellationError`.
public func httpGet(host: String = "127.0.0.1", port: Int, path: String = "/", timeout: Duration = .seconds(10)) async throws -> HTTPAnswer {
    try Task.checkCancellation()
    let deadline = ContinuousClock.now + timeout
    let cancelled = HTTPCancelFlag()
    let request = HTTPExchange.request(host: host, port: port, path: path)
    let result: Result<HTTPAnswer, Error> = await withTaskCancellationHandler {
        await withCheckedContinuation { continuation in
            // Blocking socket calls (in 50 ms slices) on a thread of their own, not the task pool.
            Thread.detachNewThread {
                continuation.resume(returning: Result {
                    try HTTPExchange(host: host, port: port, path: path, deadline: deadline,
                                     seconds: DockerClient.seconds(timeout), cancelled: cancelled).get(request)
                })
            }
        }
    } onCancel: {
        cancelled.set()
    }
    return try result.get()
}

/// Retries `httpGet` (refused, closed or reset connections, slow answers) until something
/// answers or `timeout` passes, and returns the first answer, whatever its status. Gives up
/// with `HTTPCheckError.notAnswering`, which asks whether the app listens on 0.0.0.0.
public func waitUntilAnswering(host: String = "127.0.0.1", port: Int, path: String = "/", timeout: Duration) async throws -> HTTPAnswer {
    try await pollHTTP(host: host, port: port, containerPort: nil, path: path, timeout: timeout, stillRunning: nil)
}

extension DockerClient {
    /// `waitUntilAnswering` on a published container port, which also stops waiting as soon as
    /// the container stops (`ContainerError.exited`, with its exit code and last output).
    /// Cancelling the task removes the container.
    public func waitUntilAnswering(_ container: RunningContainer, port: Int, path: String = "/", timeout: Duration) async throws -> HTTPAnswer {
        guard let hostPort = container.ports[port] else {
            throw ContainerError.invalidRequest(reason: "container port \(port) was not published; add it to ContainerRequest.publish")
        }
        return try await guarded(container, "Waiting for the app on port \(port)") {
            try await pollHTTP(host: "127.0.0.1", port: hostPort, containerPort: port, path: path, timeout: timeout) {
                let state = try await readState(container.name)
                if !state.running { throw await exitedError(container.name, state: state) }
            }
        }
    }
}

func pollHTTP(host: String, port: Int, containerPort: Int?, path: String, timeout: Duration,
              stillRunning: (() async throws -> Void)?) async throws -> HTTPAnswer {
    let clock = ContinuousClock()
    let started = clock.now
    let deadline = started + timeout
    var pause = Duration.milliseconds(50)
    var lastProblem = "no attempt was made"
    var lastCheck: ContinuousClock.Instant?
    while true {
        try Task.checkCancellation()
        let left = deadline - clock.now
        if left <= .zero { break }
        do {
            return try await httpGet(host: host, port: port, path: path, timeout: min(left, .seconds(5)))
        } catch let error as HTTPCheckError {
            switch error {
            case .connectionRefused, .connectionClosed, .timedOut: lastProblem = error.shortReason
            default: throw error
            }
        }
        if let stillRunning, lastCheck.map({ clock.now - $0 >= .seconds(1) }) ?? true {
            try await stillRunning()
            lastCheck = clock.now
        }
        let remaining = deadline - clock.now
        if remaining <= .zero { break }
        try await Task.sleep(for: min(pause, remaining))
        pause = min(pause * 2, .milliseconds(400))
    }
    // An app that crashed is reported as such, not as "not answering".
    if let stillRunning { try await stillRunning() }
    throw HTTPCheckError.notAnswering(host: host, port: port, containerPort: containerPort, path: path,
                                      seconds: DockerClient.seconds(timeout), lastProblem: lastProblem)
}

// The C calls under names of their own (HTTPExchange has methods called connect and send).
private func socketConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>!, _ length: socklen_t) -> Int32 {
    connect(fd, address, length)
}

private func socketSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    send(fd, bytes, count, flags)
}

final class HTTPCancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// One GET on a non-blocking socket, waiting in short poll(2) slices so that cancellation and
/// the deadline are noticed.
struct HTTPExchange {
    let host: String
    let port: Int
    let path: String
    let deadline: ContinuousClock.Instant
    /// The whole timeout, for messages.
    let seconds: Double
    let cancelled: HTTPCancelFlag

    static let maximumBytes = 8 << 20

    static func request(host: String, port: Int, path: String) -> [UInt8] {
        var target = path.hasPrefix("/") ? path : "/" + path
        // No spaces, control characters or raw non-ASCII bytes on the request line.
        target = target.utf8.map { $0 <= 0x20 || $0 >= 0x7F ? String(format: "%%%02X", $0) : String(UnicodeScalar($0)) }.joined()
        let hostHeader = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let text = "GET \(target) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: dockerlings\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        return Array(text.utf8)
    }

    private enum Wait { case ready, timedOut }

    func get(_ request: [UInt8]) throws -> HTTPAnswer {
        let fd = try connect()
        defer { close(fd) }
        try send(fd, request)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let answer = try HTTPResponseParser.parse(received, atEOF: false, host: host, port: port) { return answer }
            if received.count > Self.maximumBytes {
                throw HTTPCheckError.malformedAnswer(host: host, port: port, detail: "an answer larger than 8 MB")
            }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                received.append(contentsOf: buffer[0..<n])
            } else if n == 0 {
                break
            } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                if try wait(fd, events: Int16(POLLIN)) == .timedOut { throw timedOut() }
            } else if errno == ECONNRESET {
                break
            } else {
                throw HTTPCheckError.cannotConnect(host: host, port: port, reason: String(cString: strerror(errno)))
            }
        }
        if received.isEmpty { throw HTTPCheckError.connectionClosed(host: host, port: port) }
        guard let answer = try HTTPResponseParser.parse(received, atEOF: true, host: host, port: port) else {
            throw HTTPCheckError.connectionClosed(host: host, port: port)
        }
        return answer
    }

    private func timedOut() -> HTTPCheckError {
        .timedOut(host: host, port: port, path: path, seconds: seconds)
    }

    private func connect() throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
        #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw HTTPCheckError.cannotConnect(host: host, port: port, reason: String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(first) }
        var failure: HTTPCheckError = .connectionRefused(host: host, port: port)
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let info = next {
            next = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd < 0 { continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            #if canImport(Darwin)
            var one: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
            #endif
            var code: Int32 = 0
            if socketConnect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
                code = errno
                if code == EINPROGRESS || code == EINTR {
                    do {
                        if try wait(fd, events: Int16(POLLOUT)) == .timedOut { close(fd); throw timedOut() }
                    } catch { close(fd); throw error }
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    code = 0
                    _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
                }
            }
            if code == 0 { return fd }
            close(fd)
            failure = code == ECONNREFUSED
                ? .connectionRefused(host: host, port: port)
                : (code == ECONNRESET ? .connectionClosed(host: host, port: port)
                                      : .cannotConnect(host: host, port: port, reason: String(cString: strerror(code))))
        }
        throw failure
    }

    private func send(_ fd: Int32, _ bytes: [UInt8]) throws {
        #if canImport(Darwin)
        let flags: Int32 = 0
        #else
        let flags = Int32(MSG_NOSIGNAL)
        #endif
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { socketSend(fd, $0.baseAddress! + offset, $0.count - offset, flags) }
            if n > 0 { offset += n; continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                if try wait(fd, events: Int16(POLLOUT)) == .timedOut { throw timedOut() }
                continue
            }
            // Refused or reset while sending: the peer went away without answering.
            throw HTTPCheckError.connectionClosed(host: host, port: port)
        }
    }

    /// Waits until the socket is ready, in slices of at most 50 ms.
    private func wait(_ fd: Int32, events: Int16) throws -> Wait {
        let clock = ContinuousClock()
        while true {
            if cancelled.isSet { throw CancellationError() }
            let left = deadline - clock.now
            if left <= .zero { return .timedOut }
            let ms = Int32(min(50, max(1, DockerClient.seconds(left) * 1000)))
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let rc = poll(&entry, 1, ms)
            if rc > 0 { return .ready }
            if rc < 0 && errno != EINTR {
                throw HTTPCheckError.cannotConnect(host: host, port: port, reason: String(cString: strerror(errno)))
            }
        }
    }
}

/// Reads an HTTP/1.x answer from the bytes received so far: nil while it is incomplete.
enum HTTPResponseParser {
    static func parse(_ data: [UInt8], atEOF: Bool, host: String, port: Int) throws -> HTTPAnswer? {
        func malformed(_ detail: String) -> HTTPCheckError { .malformedAnswer(host: host, port: port, detail: detail) }
        let cutShort = HTTPCheckError.connectionClosed(host: host, port: port)
        let magic = Array("HTTP/".utf8)
        var start = 0
        while true {
            let seen = min(magic.count, data.count - start)
            if seen > 0 && !data[start..<(start + seen)].elementsEqual(magic[0..<seen]) {
                let shown = String(decoding: data[start..<min(data.count, start + 24)], as: UTF8.self)
                    .unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "." }.joined()
                throw malformed("the answer began with \"\(shown)\"")
            }
            guard let headerEnd = find(data, [13, 10, 13, 10], from: start) else {
                if data.count - start > 65536 { throw malformed("headers longer than 64 KB") }
                if atEOF && data.count > start { throw cutShort }
                return nil
            }
            let head = String(decoding: data[start..<headerEnd], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst()
            let fields = statusLine.split(separator: " ", maxSplits: 2)
            guard fields.count >= 2, fields[0].hasPrefix("HTTP/1."), let status = Int(fields[1]), (100...999).contains(status) else {
                throw malformed("the status line \"\(statusLine)\"")
            }
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                headers[name] = headers[name].map { $0 + ", " + value } ?? value
            }
            let bodyStart = headerEnd + 4
            // An interim answer (100 Continue, 103 Early Hints) has no body: the real one follows.
            if status < 200 { start = bodyStart; continue }
            func answer<C: Collection>(_ body: C) -> HTTPAnswer where C.Element == UInt8 {
                HTTPAnswer(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
            }
            if status == 204 || status == 304 { return answer([UInt8]()) }
            if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
                guard let body = try dechunk(data, from: bodyStart, atEOF: atEOF, malformed: malformed) else {
                    if atEOF { throw cutShort }
                    return nil
                }
                return answer(body)
            }
            if let text = headers["content-length"] {
                let first = text.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard let length = Int(first), length >= 0 else { throw malformed("Content-Length \"\(text)\"") }
                if data.count - bodyStart >= length { return answer(data[bodyStart..<(bodyStart + length)]) }
                if atEOF { throw cutShort }
                return nil
            }
            // No length: the body runs to the end of the connection.
            return atEOF ? answer(data[bodyStart...]) : nil
        }
    }

    /// Decodes a chunked body; nil while incomplete.
    static func dechunk(_ data: [UInt8], from: Int, atEOF: Bool, malformed: (String) -> HTTPCheckError) throws -> [UInt8]? {
        var index = from
        var body: [UInt8] = []
        while true {
            guard let lineEnd = find(data, [13, 10], from: index) else { return nil }
            let sizeText = String(decoding: data[index..<lineEnd], as: UTF8.self)
                .split(separator: ";", omittingEmptySubsequences: false).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw malformed("the chunk size \"\(sizeText)\"") }
            index = lineEnd + 2
            if size == 0 {
                // Trailer fields, then an empty line.
                while true {
                    guard let end = find(data, [13, 10], from: index) else { return atEOF ? body : nil }
                    if end == index { return body }
                    index = end + 2
                }
            }
            guard data.count >= index + size + 2 else { return nil }
            body.append(contentsOf: data[index..<(index + size)])
            index += size + 2
        }
    }

    static func find(_ data: [UInt8], _ pattern: [UInt8], from: Int) -> Int? {
        guard data.count - from >= pattern.count else { return nil }
        var i = from
        let last = data.count - pattern.count
        while i <= last {
            if data[i] == pattern[0] && data[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
            i += 1
        }
        return nil
    }
}
