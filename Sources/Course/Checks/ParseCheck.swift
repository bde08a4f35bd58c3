import DockerfileSyntax
import Foundation

/// `kind: parse` — the Dockerfile parses as BuildKit parses it, and BuildKit would accept
/// every instruction (no unknown instruction, no bad flag, nothing before the first FROM).
struct ParseCheck: GradingCheck {
    static let kind = "parse"
    static let phase = GradingPhase.source
    static let defaultTitle = "The Dockerfile parses as BuildKit parses it"
    static let parameterKeys: [String] = []

    init(_ parameters: ManifestReader, folder: URL) throws(ManifestError) {}

    func evaluate(_ context: GradingContext) async -> CheckResult {
        switch context.source.parse {
        case .success(let file):
            if let problem = file.problems.first {
                return .fail("line \(problem.range?.start.line ?? 1), column \(problem.range?.start.column ?? 1): \(problem.message)",
                             line: problem.range?.start.line)
            }
            let stages = file.stages.count
            return .pass("\(file.instructions.count) instructions in \(stages) stage\(stages == 1 ? "" : "s")")
        case .failure(let problem):
            return .fail(problem.description, line: problem.line)
        }
    }
}
