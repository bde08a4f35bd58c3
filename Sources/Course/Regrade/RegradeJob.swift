import ProgressStore

/// One learner's one exercise to re-grade: its claimed attempts, best claim first.
///
/// A claim is read as an upper bound: a learner's machine may claim more than the Dockerfile
/// earns, never (unless broken) less. So re-grading walks down the claims from the best and
/// stops once the best re-graded score is at least the next claim: no attempt left could beat
/// it. When every claim is honest that is one grade per exercise (the attempt the gradebook
/// counts); a refuted claim brings the next one in, until the authoritative best is known.
/// `RegradeScope.all` re-grades every claimed attempt instead.
public struct RegradeJob: Sendable {
    public var learnerID: String
    public var exerciseID: String
    /// Best claimed score first; among equal scores, the latest attempt first.
    public var claims: [Attempt]

    /// One job per learner and exercise, in the order the attempts first name them.
    public static func jobs(for attempts: [Attempt]) -> [RegradeJob] {
        var order: [String] = []
        var byExercise: [String: [Attempt]] = [:]
        for attempt in attempts {
            if byExercise[attempt.exerciseID] == nil { order.append(attempt.exerciseID) }
            byExercise[attempt.exerciseID, default: []].append(attempt)
        }
        return order.map { exercise in
            let claims = byExercise[exercise, default: []].sorted { ($0.score, $0.seq) > ($1.score, $1.seq) }
            return RegradeJob(learnerID: claims[0].learnerID, exerciseID: exercise, claims: claims)
        }
    }
}

/// Which claimed attempts are re-graded.
public enum RegradeScope: String, Sendable, CaseIterable {
    /// From the best claim down, until no claim left could beat what was re-graded.
    case best
    /// Every claimed attempt (each distinct Dockerfile built once per exercise).
    case all
}
