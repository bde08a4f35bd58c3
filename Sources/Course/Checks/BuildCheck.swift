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
            return .fail(failure.message + Self.heredocNote(failure, source: context.source), line: failure.line)
        }
    }

    /// A builder that refuses a Dockerfile the grader's own (BuildKit's) parser accepted, and
    /// it has heredocs: this engine's builder has none (the classic builder reads a heredoc's
    /// body as instructions, "unknown instruction: SET"). Say so, and the way round it.
    static func heredocNote(_ failure: GradingContext.Failure, source: SourceFile) -> String {
        guard failure.message.contains("parse error") || failure.message.contains("unknown instruction"),
              let file = try? source.parse.get(), file.instructions.contains(where: { !$0.raw.heredocs.isEmpty }) else { return "" }
        return "\nThis engine builds with Docker's classic builder, which has no heredocs (`RUN <<EOF` is BuildKit's): "
            + "write the script as one RUN, its commands joined with && and continued with \\ at each line's end."
    }
}
