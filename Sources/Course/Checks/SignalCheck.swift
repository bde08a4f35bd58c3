import DockerEngine
import Foundation

/// `kind: signal` — `docker stop` returns well within its grace period: PID 1 handles
/// SIGTERM (exec form, an init such as tini, or `STOPSIGNAL`), rather than being killed
/// when the grace runs out.
///
///     grace: 10     # seconds docker stop waits before SIGKILL
///     within: 5     # seconds the stop may take (a stop that ran out the grace fails whatever the clock says)
///     settle: 2     # seconds the app has had since it started, before it is stopped
///
/// The app gets time to start: a signal that reaches PID 1 before its program has set up a
/// handler is dropped by the kernel, and a right answer would wait out the grace period.
struct SignalCheck: GradingCheck {
    static let kind = "signal"
    static let phase = GradingPhase.stop
    static let defaultTitle = "The container stops promptly on SIGTERM"
    static let parameterKeys = ["grace", "within", "settle"]

    var grace = 10
    var within: Double = 5
    var settle: Double = 2

    init(_ r: ManifestReader, folder: URL) throws(ManifestError) {
        grace = try r.int("grace", range: 1...120) ?? grace
        within = try r.seconds("within") ?? within
        settle = try r.seconds("settle") ?? settle
        if within >= Double(grace) { throw r.fail("within", "must be less than grace (\(grace) s), or the check cannot fail") }
    }

    func evaluate(_ context: GradingContext) async -> CheckResult {
        switch await context.containerSubject() {
        case .unavailable(let result): return result
        case .ready(_, let running):
            if let why = await context.exitedContainerDetail(running) { return .fail(why) }
        }
        if let started = context.containerStarted {
            let wait = settle - Date().timeIntervalSince(started)
            if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
        }
        context.emit(.note("stopping the container (docker stop waits up to \(grace) s)"))
        guard case .ready(let client, let running) = await context.containerSubject() else { return .error("the container went away") }
        switch await context.stopContainer(grace: grace) {
        case .failure(let failure): return .error(failure.message)
        case .success(let seconds):
            let took = String(format: "%.1f s", seconds)
            // How it ended says more than the clock on a busy machine: 137 is the SIGKILL
            // docker stop sends when the grace runs out.
            let killed = (try? await client.state(of: running))?.exitCode == 137
            if killed {
                return .fail("`docker stop` took \(took): PID 1 ignored SIGTERM until the \(grace) s grace ran out and was killed (exit code 137). Use exec-form CMD, handle SIGTERM in the app, `STOPSIGNAL SIGINT`, or an init (tini, `docker run --init`)")
            }
            if seconds > within {
                return .fail("`docker stop` took \(took): the app ended on its own, but more than \(Int(within)) s after SIGTERM; make it stop sooner")
            }
            return .pass("`docker stop` took \(took), and the app ended on SIGTERM")
        }
    }
}
