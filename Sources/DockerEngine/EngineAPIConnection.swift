import Foundation
import ImageAnalysis

/// One HTTP/1.1 request to the Engine API over its unix socket, and the response body as a
/// byte stream. Only what reading an archive needs: GET, `Connection: close`, chunked,
/// sized or close-delimited bodies. `abort()` may be called from any thread to unblock a
/// pending read (timeout, Ctrl-C).
final class EngineAPIConnection: @unchecked Sendable {
    /// Why connecting failed (errno); the caller falls back to the CLI, which explains it.
    struct ConnectFailure: Error { var code: Int32 }

    private let fd: Int32
    private let lock = NSLock()
    private var aborted = false

    init(socketPath: String) throws(ConnectFailure) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw ConnectFailure(code: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ConnectFailure(code: errno) }
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard status == 0 else {
            let code = errno
            close(fd)
            throw ConnectFailure(code: code)
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Stops the exchange: a blocked read returns, later reads end the stream.
    func abort() {
        lock.withLock { aborted = true }
        shutdown(fd, Int32(SHUT_RDWR))
    }

    var wasAborted: Bool { lock.withLock { aborted } }

    /// Sends `GET target` and reads the status line and headers.
    func get(_ target: String) throws -> EngineAPIResponse {
        let request = "GET \(target) HTTP/1.1\r\nHost: docker\r\nUser-Agent: dockerlings\r\nConnection: close\r\n\r\n"
        var bytes = Array(request.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("sending the request failed: \(String(cString: strerror(errno)))")
            }
            bytes = bytes.dropFirst(n)
        }
        let body = HTTPBodySource(fileDescriptor: fd, connection: self)
        let statusLine = try body.readHeaderLine()
        // "HTTP/1.1 200 OK"
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw failure("the engine's answer is not HTTP: \(statusLine.prefix(80))")
        }
        var headers: [String: String] = [:]
        while true {
            let line = try body.readHeaderLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body.framing = .chunked
        } else if let length = headers["content-length"].flatMap({ Int64($0) }) {
            body.framing = .length(length)
        } else {
            body.framing = .untilClose
        }
        return EngineAPIResponse(status: status, headers: headers, body: body)
    }

    func failure(_ detail: String) -> DockerError {
        .engineUnavailable(host: "the Engine API socket", detail: detail)
    }
}

struct EngineAPIResponse {
    var status: Int
    /// Header names lowercased.
    var headers: [String: String]
    var body: HTTPBodySource

    /// The engine's `{"message": "..."}` for an error status, or the body as text.
    func errorMessage(limit: Int = 64 << 10) -> String {
        var bytes = [UInt8](repeating: 0, count: limit)
        var filled = 0
        bytes.withUnsafeMutableBytes { buffer in
            while filled < limit, let n = try? body.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])), n > 0 {
                filled += n
            }
        }
        let data = Data(bytes[0..<filled])
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let message = object["message"] as? String {
            return message
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The body of an HTTP response read from a socket, de-chunked. Large reads go straight
/// into the caller's buffer; only chunk-size lines pass through the small internal one.
final class HTTPBodySource: ByteSource {
    enum Framing { case chunked, length(Int64), untilClose }
    var framing = Framing.untilClose

    private let fd: Int32
    private unowned let connection: EngineAPIConnection
    private var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
    private var start = 0
    private var end = 0
    /// Bytes left in the current chunk (or the whole sized body).
    private var remaining: Int64 = 0
    private var started = false
    private var finished = false

    init(fileDescriptor: Int32, connection: EngineAPIConnection) {
        fd = fileDescriptor
        self.connection = connection
    }

    deinit { buffer.deallocate() }

    func read(into target: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, target.count > 0 else { return 0 }
        if !started {
            started = true
            if case .length(let n) = framing { remaining = n }
        }
        switch framing {
        case .untilClose:
            let n = try readRaw(into: target)
            if n == 0 { finished = true }
            return n
        case .length:
            if remaining == 0 { finished = true; return 0 }
        case .chunked:
            if remaining == 0 {
                remaining = try nextChunkSize()
                if remaining == 0 {
                    while try !readHeaderLine().isEmpty {}  // trailers
                    finished = true
                    return 0
                }
            }
        }
        let want = Int(min(Int64(target.count), remaining))
        let n = try readRaw(into: UnsafeMutableRawBufferPointer(rebasing: target[0..<want]))
        guard n > 0 else { throw truncated() }
        remaining -= Int64(n)
        if remaining == 0, case .chunked = framing {
            guard try readHeaderLine().isEmpty else { throw connection.failure("a chunk of the archive is malformed") }
        }
        return n
    }

    /// A CRLF-terminated line (headers, chunk sizes), without the CRLF.
    func readHeaderLine() throws -> String {
        var line: [UInt8] = []
        while true {
            if start == end {
                start = 0
                end = try readSocket(into: buffer)
                if end == 0 { throw truncated() }
            }
            let available = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
            if let newline = available.firstIndex(of: 0x0a) {
                line.append(contentsOf: available[0..<newline])
                start += newline + 1
                if line.last == 0x0d { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            line.append(contentsOf: available)
            start = end
            guard line.count < 64 << 10 else { throw connection.failure("an HTTP header line is too long") }
        }
    }

    private func nextChunkSize() throws -> Int64 {
        let line = try readHeaderLine()
        let digits = line.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
        guard let size = Int64(digits, radix: 16), size >= 0 else {
            throw connection.failure("a chunk size line is malformed: \(line.prefix(40))")
        }
        return size
    }

    /// Buffered bytes first, then the socket directly.
    private func readRaw(into target: UnsafeMutableRawBufferPointer) throws -> Int {
        if start < end {
            let n = min(end - start, target.count)
            target.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: n)
            start += n
            return n
        }
        return try readSocket(into: target)
    }

    private func readSocket(into target: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = recv(fd, target.baseAddress, target.count, 0)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            if connection.wasAborted { return 0 }
            throw connection.failure("reading from the engine failed: \(String(cString: strerror(errno)))")
        }
    }

    private func truncated() -> Error {
        connection.wasAborted ? CancellationError() : connection.failure("the engine closed the connection before the archive ended")
    }
}
