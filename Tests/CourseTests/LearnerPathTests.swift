import Course
import Foundation
@testable import ProgressStore
import Testing
import TestSupport

/// The one obvious next step: a lesson before its exercise, then the exercise, in course order.
@Suite struct LearnerPathTests {
    let catalogue: Catalogue
    let lessons: [CourseLesson]

    init() throws {
        catalogue = try Catalogue.load(root: RepoPaths.root)
        // The course's own lessons, as the exercises name them.
        let ids = Set(catalogue.exercises.compactMap(\.manifest.lesson))
        lessons = ids.sorted().enumerated().map { CourseLesson(id: $1, title: $1, reference: String(format: "%02d", $0 + 1)) }
    }

    func standing(_ id: String, _ status: ExerciseStanding.Status, points: Double = 0) -> ExerciseStanding {
        ExerciseStanding(learnerID: "l", learnerName: "l", exerciseID: id, exerciseTitle: id, status: status, bestScore: nil,
                         points: points, pointsPossible: 100, attempts: status == .notStarted ? 0 : 1, firstAttemptAt: nil,
                         lastAttemptAt: nil, bestImageBytes: nil, baselineBytes: nil, reductionPercent: nil, hintsUsed: 0,
                         timeSpentSeconds: 0, bestAttemptID: nil)
    }

    @Test func aNewLearnerIsSentToTheFirstExercisesLesson() throws {
        let path = LearnerPath(exercises: catalogue.exercises, standings: [], lessons: lessons, lessonsRead: [])
        let first = try #require(catalogue.exercises.first)
        guard case let .read(lesson, then) = path.next else { Issue.record("expected a lesson first, got \(path.next)"); return }
        #expect(lesson == lessons.first)
        #expect(then?.id == first.id)
        #expect(path.currentExercise?.id == first.id)
        #expect(path.exercisesPassed == 0 && path.lessonsRead == 0)
    }

    @Test func withItsLessonReadTheNextStepIsTheFirstExerciseNotPassed() throws {
        let exercises = catalogue.exercises
        let passed = exercises[0].id, failing = exercises[1]
        let read = Set(lessons.map(\.id))
        let path = LearnerPath(exercises: exercises, standings: [standing(passed, .done, points: 100), standing(failing.id, .inProgress)],
                               lessons: lessons, lessonsRead: read)
        guard case let .exercise(exercise, status) = path.next else { Issue.record("expected an exercise, got \(path.next)"); return }
        #expect(exercise.id == failing.id && status == .failing)
        #expect(path.steps[0].status == .passed && path.steps[1].status == .failing && path.steps[2].status == .notStarted)
        #expect(path.exercise(after: failing.id)?.id == exercises[2].id)
        #expect(path.pointsEarned == 100)
    }

    @Test func everythingPassedAndReadIsTheEnd() {
        let all = catalogue.exercises.map { standing($0.id, .done, points: $0.manifest.points) }
        let path = LearnerPath(exercises: catalogue.exercises, standings: all, lessons: lessons, lessonsRead: Set(lessons.map(\.id)))
        guard case .finished = path.next else { Issue.record("expected the end, got \(path.next)"); return }
        #expect(path.currentExercise == nil)
        #expect(path.pointsEarned == path.pointsPossible)
    }
}
