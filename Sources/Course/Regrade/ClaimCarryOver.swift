import ProgressStore

/// Checks a bundle cannot be re-graded from: a quiz reads an answers file that the bundle
/// does not carry (it holds Dockerfiles). Their claimed outcome stands, said so in the
/// check's detail, so the re-grade neither flags nor rewards them.
enum ClaimCarryOver {
    static let detail = "not re-graded: the bundle holds the Dockerfile, not the answers file; the claim stands"

    static func applied(to report: GradeReport, claim: Attempt, exercise: Exercise) -> GradeReport {
        let quizzes = Set(exercise.manifest.checks.filter { $0.check is QuizCheck }.map(\.id))
        guard !quizzes.isEmpty else { return report }
        let claimed = (try? claim.decodedReport())?.checks ?? []
        var carried = report
        carried.checks = report.checks.map { check in
            guard quizzes.contains(check.id) else { return check }
            var kept = check
            let claim = claimed.first { $0.id == check.id }
            kept.status = claim?.status ?? .fail
            kept.points = kept.status == .pass ? (check.pointsPossible ?? 0) : 0
            kept.detail = Self.detail
            kept.hint = nil
            return kept
        }
        carried.points = carried.checks.reduce(0) { $0 + ($1.points ?? 0) }
        return carried
    }
}
