import DockerEngine
import Foundation

/// `kind: build` — a real build through the docker CLI. A failed step names its Dockerfile
/// line and the last lines of its output.
struct BuildCheck: GradingCheck {
    static let kind = "build"
    static let phase = GradingPhase.build
    static let defaultTitle = "The image builds"
    static let parameterKeys: [String] = []

    init(_ parameters: ManifestReader, folder: URL) throws(ManifestError) {}

    func evaluate(_ context: GradingContext) async -> CheckResult {
        switch await context.builtImage() {
        case .success(let built):
            let steps = built.events.filter { $0.kind == .stepStarted }.count
            let cached = built.cacheHits
            return .pass(String(format: "built in %.1f s", built.seconds) + (steps > 0 ? " (\(cached) of \(steps) steps from the cache)" : ""))
        case .failure(let failure):
            return .fail(failure.message, line: failure.line)
        }
    }
}
