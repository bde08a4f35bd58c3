import Foundation

/// What one graded attempt found: the value the grading pipeline hands to the store.
///
/// Kept deliberately plain (strings, numbers, arrays) because it is stored verbatim as
/// JSON inside a hash-chained attempt: once written, its encoding must stay readable by
/// every later version. Add fields only as optionals.
public struct GradeReport: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pass, fail, skip, error
    }

    /// One check of the exercise's rubric and how it went.
    public struct Check: Codable, Sendable, Hashable {
        public var id: String
        public var title: String
        public var status: Status
        public var detail: String?
        public var hint: String?
        /// The check's kind in the exercise manifest (`lint`, `size`, `http`…); nil in reports
        /// stored before kinds were recorded.
        public var kind: String?
        /// The Dockerfile line the check concerns, when there is one.
        public var line: Int?
        /// Rubric points earned by this check, and the most it could earn.
        public var points: Double?
        public var pointsPossible: Double?

        public init(id: String, title: String, status: Status, detail: String? = nil, hint: String? = nil,
                    kind: String? = nil, line: Int? = nil, points: Double? = nil, pointsPossible: Double? = nil) {
            self.id = id
            self.title = title
            self.status = status
            self.detail = detail
            self.hint = hint
            self.kind = kind
            self.line = line
            self.points = points
            self.pointsPossible = pointsPossible
        }
    }

    /// Measurements taken while grading; any of them may be missing (no build, no baseline).
    public struct Metrics: Codable, Sendable, Hashable {
        public var imageBytes: Int64?
        public var baselineBytes: Int64?
        public var layers: Int?
        public var buildSeconds: Double?

        public init(imageBytes: Int64? = nil, baselineBytes: Int64? = nil, layers: Int? = nil, buildSeconds: Double? = nil) {
            self.imageBytes = imageBytes
            self.baselineBytes = baselineBytes
            self.layers = layers
            self.buildSeconds = buildSeconds
        }
    }

    public var checks: [Check]
    public var metrics: Metrics
    /// Rubric points earned, out of `pointsPossible`.
    public var points: Double
    public var pointsPossible: Double

    public init(checks: [Check], metrics: Metrics = Metrics(), points: Double, pointsPossible: Double) {
        self.checks = checks
        self.metrics = metrics
        self.points = points
        self.pointsPossible = pointsPossible
    }

    /// The score as a percentage of the rubric (0 when the rubric is empty).
    public var score: Double {
        pointsPossible > 0 ? (points / pointsPossible * 100).rounded(toPlaces: 2) : 0
    }

    /// An attempt passes only when every check of the rubric passed: a check that was
    /// skipped (its prerequisite failed, or no engine answered) was not shown to pass.
    public var passed: Bool {
        !checks.isEmpty && checks.allSatisfy { $0.status == .pass }
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let factor = pow(10, Double(places))
        return (self * factor).rounded() / factor
    }
}
