/// One way a re-grade disagrees with what the learner's machine claimed for the same
/// Dockerfile: the score, the verdict, or one check's outcome.
public struct RegradeDifference: Codable, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable {
        case score, passed, check
    }

    public var kind: Kind
    /// The check, for a `check` difference.
    public var checkID: String?
    public var claimed: String
    public var regraded: String
    /// What the re-grade's check said (its detail), when it has something to say.
    public var detail: String?

    public init(kind: Kind, checkID: String? = nil, claimed: String, regraded: String, detail: String? = nil) {
        self.kind = kind
        self.checkID = checkID
        self.claimed = claimed
        self.regraded = regraded
        self.detail = detail
    }

    public var description: String {
        let what = switch kind {
        case .score: "score"
        case .passed: "passed"
        case .check: "check \(checkID ?? "?")"
        }
        return "\(what): claimed \(claimed), re-graded \(regraded)"
    }

    /// Every difference between the claim and the re-grade: score, verdict, then each check
    /// of either report whose outcome differs (a check only one of them has counts, as
    /// "absent" on the other side).
    public static func between(claimedScore: Double, claimedPassed: Bool, claimedChecks: [GradeReport.Check]?,
                               regraded: GradeReport) -> [RegradeDifference] {
        var found: [RegradeDifference] = []
        if claimedScore != regraded.score {
            found.append(.init(kind: .score, claimed: number(claimedScore), regraded: number(regraded.score)))
        }
        if claimedPassed != regraded.passed {
            found.append(.init(kind: .passed, claimed: claimedPassed ? "yes" : "no", regraded: regraded.passed ? "yes" : "no"))
        }
        guard let claimedChecks else {
            // A claim whose report cannot be read has no checks to compare: that is a difference too.
            found.append(.init(kind: .check, checkID: "*", claimed: "unreadable report", regraded: "\(regraded.checks.count) checks"))
            return found
        }
        let claimedByID = Dictionary(claimedChecks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let regradedIDs = Set(regraded.checks.map(\.id))
        for check in regraded.checks {
            let claim = claimedByID[check.id]?.status.rawValue ?? "absent"
            if claim != check.status.rawValue {
                found.append(.init(kind: .check, checkID: check.id, claimed: claim, regraded: check.status.rawValue,
                                   detail: check.status == .pass ? nil : check.detail))
            }
        }
        for check in claimedChecks where !regradedIDs.contains(check.id) {
            found.append(.init(kind: .check, checkID: check.id, claimed: check.status.rawValue, regraded: "absent"))
        }
        return found
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
