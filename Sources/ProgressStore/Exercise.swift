/// One exercise of the course as the views and exports need it. The catalogue belongs to
/// the Course module; callers pass this list in so "not started" and points possible are known.
public struct ExerciseInfo: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var points: Double
    /// The exercise whose image-size trend the progress view shows.
    public var isFlagship: Bool

    public init(id: String, title: String, points: Double, isFlagship: Bool = false) {
        self.id = id
        self.title = title
        self.points = points
        self.isFlagship = isFlagship
    }
}

/// Who is learning. `id` is stable (an e-mail address or login); `name` is for display.
public struct Learner: Codable, Sendable, Hashable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// An attempt as the grader hands it over, before the store gives it a place in the chain.
public struct NewAttempt: Sendable {
    public var exerciseID: String
    public var startedAt: Date
    public var finishedAt: Date
    public var report: GradeReport
    public var dockerfile: String
    public var toolVersion: String
    /// Ids of the hints the learner had seen for this exercise when submitting (cumulative).
    public var hintsSeen: [String]

    public init(exerciseID: String, startedAt: Date, finishedAt: Date, report: GradeReport,
                dockerfile: String, toolVersion: String, hintsSeen: [String] = []) {
        self.exerciseID = exerciseID
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.report = report
        self.dockerfile = dockerfile
        self.toolVersion = toolVersion
        self.hintsSeen = hintsSeen
    }
}

import Foundation
