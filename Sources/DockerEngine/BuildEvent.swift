/// One thing that happened during a build, whichever builder ran it.
public struct BuildEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A Dockerfile instruction began (`step` of `total`, in `stage`).
        case stepStarted
        /// The step was satisfied from the build cache.
        case cacheHit
        /// A line the step printed.
        case output
        case stepFinished
        /// The step failed; `text` says how, `exitCode` when the builder gave one.
        case stepFailed
        /// Anything else the builder said (context upload, tagging, notices).
        case message
    }
    public var kind: Kind
    /// classic: n in "Step n/m" (counts every instruction of the file); BuildKit: k in "[stage k/m]" (within the stage).
    public var step: Int?
    public var total: Int?
    public var stage: String?
    public var instruction: String?
    public var text: String?
    public var exitCode: Int?

    public init(kind: Kind, step: Int? = nil, total: Int? = nil, stage: String? = nil,
                instruction: String? = nil, text: String? = nil, exitCode: Int? = nil) {
        self.kind = kind; self.step = step; self.total = total; self.stage = stage
        self.instruction = instruction; self.text = text; self.exitCode = exitCode
    }
}
