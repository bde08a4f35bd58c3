import ProgressStore

/// Where a learner stands on the course's path: every exercise in course order with its
/// status, the lessons read, and the one obvious next step.
public struct LearnerPath: Sendable {
    public enum Status: String, Sendable, Codable {
        case notStarted = "not started"
        case failing
        case passed
    }

    public struct Step: Sendable {
        public var exercise: Exercise
        public var status: Status
        public var standing: ExerciseStanding?
        /// The lesson the exercise belongs to, and whether it has been read.
        public var lesson: CourseLesson?
        public var lessonRead: Bool
    }

    public enum Next: Sendable {
        /// Read this lesson first; `then` is the exercise that follows it.
        case read(CourseLesson, then: Exercise?)
        case exercise(Exercise, Status)
        case finished
    }

    public var steps: [Step]
    public var lessons: [(lesson: CourseLesson, read: Bool)]
    public var next: Next

    public var exercisesPassed: Int { steps.filter { $0.status == .passed }.count }
    public var lessonsRead: Int { lessons.filter(\.read).count }
    public var pointsEarned: Double { steps.reduce(0) { $0 + ($1.standing?.points ?? 0) } }
    public var pointsPossible: Double { steps.reduce(0) { $0 + $1.exercise.manifest.points } }

    /// The exercise to work on now: the first in course order not yet passed (nil when all have).
    public var currentExercise: Exercise? {
        steps.first { $0.status != .passed }?.exercise
    }

    /// The exercise after `id` in course order, wrapping to the first not passed.
    public func exercise(after id: String) -> Exercise? {
        guard let index = steps.firstIndex(where: { $0.exercise.id == id }) else { return currentExercise }
        let later = steps[(index + 1)...].first { $0.status != .passed } ?? steps[..<index].first { $0.status != .passed }
        return later?.exercise
    }

    public init(exercises: [Exercise], standings: [ExerciseStanding], lessons: [CourseLesson], lessonsRead: Set<String>) {
        let byExercise = Dictionary(standings.map { ($0.exerciseID, $0) }, uniquingKeysWith: { first, _ in first })
        let byLesson = Dictionary(lessons.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        steps = exercises.map { exercise in
            let standing = byExercise[exercise.id]
            let status: Status = switch standing?.status {
            case .done: .passed
            case .inProgress: .failing
            case .notStarted, nil: .notStarted
            }
            let lesson = exercise.manifest.lesson.flatMap { byLesson[$0] }
            return Step(exercise: exercise, status: status, standing: standing, lesson: lesson,
                        lessonRead: lesson.map { lessonsRead.contains($0.id) } ?? true)
        }
        self.lessons = lessons.map { ($0, lessonsRead.contains($0.id)) }
        if let step = steps.first(where: { $0.status != .passed }) {
            // A lesson comes before its exercise; also any unread lesson that comes earlier in
            // the course than the exercise's own.
            let ownIndex = step.lesson.flatMap { own in lessons.firstIndex(of: own) } ?? lessons.count
            if let unread = self.lessons.prefix(ownIndex + 1).first(where: { !$0.read }) {
                next = .read(unread.lesson, then: step.exercise)
            } else {
                next = .exercise(step.exercise, step.status)
            }
        } else if let unread = self.lessons.first(where: { !$0.read }) {
            next = .read(unread.lesson, then: nil)
        } else {
            next = .finished
        }
    }
}
