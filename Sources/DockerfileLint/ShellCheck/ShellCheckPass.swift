import Foundation

public struct ShellCheckError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Runs ShellCheck over the RUN scripts of many Dockerfiles (placeholder until the batch runner lands).
struct ShellCheckPass {
    var executable: String
    func findings(for results: [LintResult]) throws(ShellCheckError) -> [[Finding]] {
        results.map { _ in [] }
    }
}
