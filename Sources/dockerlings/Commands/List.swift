import ArgumentParser
import Course
import Foundation
import TerminalUI

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Every exercise in course order: status, points, best image size, its lesson.",
        discussion: """
            Status is `not started`, `failing` (checked, not passed yet) or `passed`. Points \
            are your best attempt's; `best size` is the smallest image you built, for the \
            exercises graded on size. The lesson column shows ✓ once you have read it \
            (`dockerlings read NN`).
            """)

    @Flag(help: "No colours, whatever the terminal.")
    var plain = false

    @Option(help: "text or json.")
    var format: TextOrJSON = .text

    @OptionGroup var courseOptions: CourseOptions
    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var store: StoreOptions

    func run() throws {
        let session = LearnerSession.openOrExit(course: courseOptions, workspace: workspaceOptions, store: store)
        let path = try session.path()
        if format == .json { return try session.printJSON(path) }
        let terminal = TerminalEnvironment.current()
        for note in session.workspaceNotes() { print(note) }
        print(PathText(colour: terminal.usesColor(plain: plain), width: terminal.width(requested: nil)).list(path))
    }
}

/// The learner's path for scripts: `home --format json` and `list --format json`.
struct PathJSON: Encodable {
    struct ExerciseEntry: Encodable {
        var id: String
        var title: String
        var order: Int
        var status: String
        var points: Double
        var pointsPossible: Double
        var attempts: Int
        var bestImageBytes: Int64?
        var lesson: String?
        var lessonRead: Bool
    }
    struct LessonEntry: Encodable {
        var id: String
        var title: String
        var reference: String
        var read: Bool
    }
    struct NextStep: Encodable {
        var kind: String
        var lesson: String?
        var exercise: String?
        var command: String?
    }

    var workspace: String
    var database: String
    var exercisesPassed: Int
    var lessonsRead: Int
    var pointsEarned: Double
    var pointsPossible: Double
    var next: NextStep
    var exercises: [ExerciseEntry]
    var lessons: [LessonEntry]

    init(path: LearnerPath, workspace: String, database: String) {
        self.workspace = workspace
        self.database = database
        exercisesPassed = path.exercisesPassed
        lessonsRead = path.lessonsRead
        pointsEarned = path.pointsEarned
        pointsPossible = path.pointsPossible
        next = switch path.next {
        case let .read(lesson, then): NextStep(kind: "read", lesson: lesson.id, exercise: then?.id, command: "dockerlings read \(lesson.reference)")
        case let .exercise(exercise, _): NextStep(kind: "exercise", lesson: nil, exercise: exercise.id, command: "dockerlings check \(exercise.id)")
        case .finished: NextStep(kind: "finished", lesson: nil, exercise: nil, command: nil)
        }
        exercises = path.steps.map {
            ExerciseEntry(id: $0.exercise.id, title: $0.exercise.title, order: $0.exercise.manifest.order, status: $0.status.rawValue,
                          points: $0.standing?.points ?? 0, pointsPossible: $0.exercise.manifest.points,
                          attempts: $0.standing?.attempts ?? 0, bestImageBytes: $0.standing?.bestImageBytes,
                          lesson: $0.lesson?.id, lessonRead: $0.lessonRead)
        }
        lessons = path.lessons.map { LessonEntry(id: $0.lesson.id, title: $0.lesson.title, reference: $0.lesson.reference, read: $0.read) }
    }
}

/// Pretty, key-sorted JSON on standard output.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
