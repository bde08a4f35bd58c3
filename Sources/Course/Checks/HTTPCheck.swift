import DockerEngine
import Foundation

/// `kind: http` — publishes the app's port on a free host port, waits (bounded) until it
/// answers, GETs a path and expects a status and a body.
///
///     port: 8080
///     path: /
///     status: 200
///     body: {contains: "Hello from Docker!"}
///     timeout: 60s
struct HTTPCheck: GradingCheck {
    static let kind = "http"
    static let phase = GradingPhase.container
    static let defaultTitle = "The app answers over HTTP"
    static let parameterKeys = ["port", "path", "status", "body", "timeout"]

    var port: Int
    var path = "/"
    var status = 200
    var body: TextExpectation?
    var timeout: Double = 60

    init(_ r: ManifestReader, folder: URL) throws(ManifestError) {
        guard let port = try r.int("port", range: 1...65535) else { throw r.fail("port", "is required: the port the app listens on in the container") }
        self.port = port
        path = try r.string("path") ?? path
        if !path.hasPrefix("/") { throw r.fail("path", "expected a path starting with /, found \"\(path)\"") }
        status = try r.int("status", range: 100...599) ?? status
        body = try TextExpectation.read(r, "body")
        timeout = try r.seconds("timeout") ?? timeout
    }

    func evaluate(_ context: GradingContext) async -> CheckResult {
        let (client, container): (DockerClient, RunningContainer)
        switch await context.containerSubject() {
        case .ready(let c, let running): (client, container) = (c, running)
        case .unavailable(let result): return result
        }
        context.emit(.note("waiting for the app to answer on port \(port)"))
        do {
            let answer = try await client.waitUntilAnswering(container, port: port, path: path, timeout: .seconds(timeout))
            let shown = "GET \(path) on port \(port)"
            if answer.status != status {
                return .fail("\(shown) answered \(answer.status), expected \(status); the body: \(TextExpectation.quote(answer.body))")
            }
            if let body, !body.matches(answer.body) {
                return .fail("\(shown) answered \(TextExpectation.quote(answer.body)); expected \(body.description)")
            }
            return .pass("\(shown) answered \(answer.status) \(TextExpectation.quote(answer.body))")
        } catch {
            return .fail("\(error)")
        }
    }
}
