import DockerEngine
import Foundation

/// `kind: health` — the image's HEALTHCHECK turns `healthy` within `timeout`. The grader
/// probes every second (`docker run --health-interval 1s`) so a long interval in the
/// image does not slow grading; the command and its other settings are the image's own.
struct HealthCheck: GradingCheck {
    static let kind = "health"
    static let phase = GradingPhase.container
    static let defaultTitle = "The container reports itself healthy"
    static let parameterKeys = ["timeout"]

    var timeout: Double = 60

    init(_ r: ManifestReader, folder: URL) throws(ManifestError) {
        timeout = try r.seconds("timeout") ?? timeout
    }

    func evaluate(_ context: GradingContext) async -> CheckResult {
        let (client, container): (DockerClient, RunningContainer)
        switch await context.containerSubject() {
        case .ready(let c, let running): (client, container) = (c, running)
        case .unavailable(let result): return result
        }
        context.emit(.note("waiting for the health check (up to \(Int(timeout)) s)"))
        do {
            let state = try await client.waitForHealth(of: container, timeout: .seconds(timeout))
            switch state.health {
            case nil:
                return .fail("the image declares no HEALTHCHECK, so Docker cannot tell whether the app works")
            case .healthy?:
                return .pass("healthy" + (state.lastProbeOutput.map { probe in probe.isEmpty ? "" : " (last probe: \(TextExpectation.quote(probe)))" } ?? ""))
            case .unhealthy?:
                return .fail("unhealthy: the HEALTHCHECK command failed; its last output: \(TextExpectation.quote(state.lastProbeOutput ?? ""))")
            case .starting?:
                if !state.running, let why = await context.exitedContainerDetail(container) { return .fail(why) }
                return .fail("still starting after \(Int(timeout)) s: the HEALTHCHECK has not succeeded yet (last output: \(TextExpectation.quote(state.lastProbeOutput ?? "")))")
            }
        } catch {
            return .fail("\(error)")
        }
    }
}
