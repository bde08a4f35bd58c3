import DockerEngine
import Foundation

/// `kind: signal` — `docker stop` returns well within its grace period: PID 1 handles
/// SIGTERM (exec form, an init such as tini, or `STOPSIGNAL`), rather than being killed
/// when the grace runs out.
///
///     grace: 10     # seconds docker stop waits before SIGKILL
///     within: 3     # seconds the stop may take
struct SignalCheck: GradingCheck {
    static let kind = "signal"
    static let phase = GradingPhase.stop
    static let defaultTitle = "The container stops promptly on SIGTERM"
    static let parameterKeys = ["grace", "within"]

    var grace = 10
    var within: Double = 3

    init(_ r: ManifestReader, folder: URL) throws(ManifestError) {
        grace = try r.int("grace", range: 1...120) ?? grace
        within = try r.seconds("within") ?? within
        if within >= Double(grace) { throw r.fail("within", "must be less than grace (\(grace) s), or the check cannot fail") }
    }

    func evaluate(_ context: GradingContext) async -> CheckResult {
        switch await context.containerSubject() {
        case .unavailable(let result): return result
        case .ready(_, let running):
            if let why = await context.exitedContainerDetail(running) { return .fail(why) }
        }
        context.emit(.note("stopping the container (docker stop waits up to \(grace) s)"))
        switch await context.stopContainer(grace: grace) {
        case .failure(let failure): return .error(failure.message)
        case .success(let seconds):
            let took = String(format: "%.1f s", seconds)
            if seconds <= within { return .pass("`docker stop` took \(took)") }
            return .fail("`docker stop` took \(took): PID 1 ignored SIGTERM until the \(grace) s grace ran out and was killed. Use exec-form CMD, handle SIGTERM in the app, `STOPSIGNAL SIGINT`, or an init (tini, `docker run --init`)")
        }
    }
}
