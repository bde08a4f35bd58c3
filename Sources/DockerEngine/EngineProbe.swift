import Foundation

/// A quick "is an engine there?" for screens that must not wait for the docker CLI to
/// start (the home screen answers in milliseconds): a GET /_ping on the local socket.
public enum EngineProbe {
    /// true or false for an engine on a local unix socket; nil when the CLI would reach
    /// one elsewhere (tcp://, ssh://, a named context), which only the CLI can ask.
    public static func localEngineAnswers(environment: [String: String] = ProcessInfo.processInfo.environment,
                                          timeout: TimeInterval = 1) -> Bool? {
        guard let path = EngineSocket.path(context: nil, environment: environment) else { return nil }
        guard let connection = try? EngineAPIConnection(socketPath: path) else { return false }
        // A hung daemon must not hang the caller.
        let deadline = DispatchWorkItem { connection.abort() }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: deadline)
        defer { deadline.cancel() }
        guard let response = try? connection.get("/_ping") else { return false }
        return response.status == 200
    }
}
