import DockerEngine
import Foundation

/// `kind: run` — runs the image to completion with `args` (replacing CMD, as
/// `docker run IMAGE ARGS…` does) and expects its output and exit code within a timeout.
///
///     args: [Goodbye]
///     stdout: {exact: "Goodbye"}    # or contains / pattern; a plain string means contains
///     exitCode: 0
///     timeout: 30s
struct RunCheck: GradingCheck {
    static let kind = "run"
    static let phase = GradingPhase.run
    static let defaultTitle = "The container prints what it should"
    static let parameterKeys = ["args", "stdout", "exitCode", "timeout"]

    var args: [String] = []
    var stdout: TextExpectation?
    var exitCode: Int32 = 0
    var timeout: Double = 30

    init(_ r: ManifestReader, folder: URL) throws(ManifestError) {
        args = try r.strings("args") ?? []
        stdout = try TextExpectation.read(r, "stdout")
        exitCode = Int32(try r.int("exitCode", range: 0...255) ?? 0)
        timeout = try r.seconds("timeout") ?? timeout
    }

    func evaluate(_ context: GradingContext) async -> CheckResult {
        let (client, image): (DockerClient, String)
        switch await context.imageSubject() {
        case .ready(let c, let built): (client, image) = (c, built)
        case .unavailable(let result): return result
        }
        do {
            let result = try await client.run(RunRequest(image: image, command: args, timeout: .seconds(timeout)))
            let shown = (["docker run IMAGE"] + args).joined(separator: " ")
            if result.outOfMemory { return .fail("`\(shown)` was killed for using more memory than allowed") }
            if result.exitCode != exitCode {
                return .fail("`\(shown)` exited with \(result.exitCode), expected \(exitCode); it printed \(TextExpectation.quote(result.stdout + result.stderr))")
            }
            if let stdout, !stdout.matches(result.stdout) {
                return .fail("`\(shown)` printed \(TextExpectation.quote(result.stdout)); expected \(stdout.description)")
            }
            return .pass("`\(shown)` printed \(TextExpectation.quote(result.stdout)) and exited with \(result.exitCode)")
        } catch let error as DockerError {
            if case .timedOut = error {
                return .fail("the container was still running after \(Int(timeout)) s and was stopped; does it wait for something?")
            }
            return .error(error.description)
        } catch {
            return .error("\(error)")
        }
    }
}
