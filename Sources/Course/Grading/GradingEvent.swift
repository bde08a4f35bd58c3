import DockerEngine
import ProgressStore

/// What the pipeline tells whoever shows a grade as it happens (the terminal, a watcher).
public enum GradingEvent: Sendable {
    /// A check has its result.
    case checkFinished(GradeReport.Check)
    /// Every static check (parse, lint, structure, quiz) is done; the engine's part begins.
    case staticChecksDone
    /// A build begins: `what` is "your image", "the baseline" or "the rebuild".
    case buildStarted(what: String)
    case build(BuildEvent)
    case buildFinished(what: String, seconds: Double?)
    /// A slower step the learner should know is going on ("waiting for the health check").
    case note(String)
    /// A docker command the grader runs, as arguments (for `--explain`).
    case command([String])
}
