import Course
import Foundation

/// Which exercise a command works on, and the folder holding the learner's files for it:
/// shared by check and watch.
enum ExerciseChoice {
    /// The exercise and the folder holding the learner's files. Only the named exercise's
    /// manifest is read (the static feedback is the first thing a learner waits for); the
    /// whole catalogue only when the workspace must be set up or the exercise guessed.
    static func locate(_ exercise: String?, course courseOptions: CourseOptions, workspace workspaceOptions: WorkspaceOptions,
                       store: StoreOptions, command: String) throws -> (Exercise, URL) {
        let environment = ProcessInfo.processInfo.environment
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        // A course author's copy is graded in place: from inside one of the course's exercise
        // folders, or with --course (or $DOCKERLINGS_COURSE without $DOCKERLINGS_WORKSPACE).
        // --workspace always means the learner's copy.
        let courseFolders = Workspace(root: try courseOptions.root().appendingPathComponent("Exercises"))
        let inCourseFolder = courseFolders.exerciseID(containing: cwd)
        let set = { (name: String) in !(environment[name] ?? "").isEmpty }
        let authorsCopy = workspaceOptions.workspace == nil
            && (inCourseFolder != nil || courseOptions.course != nil || (set("DOCKERLINGS_COURSE") && !set("DOCKERLINGS_WORKSPACE")))
        if authorsCopy {
            guard let name = exercise ?? inCourseFolder else {
                let ids = try courseOptions.catalogue().exercises.map(\.id).joined(separator: ", ")
                throw CommandFailure(status: 2, message: "Which exercise? Name one (`dockerlings \(command) ID`) or run this inside its folder. The exercises: \(ids).")
            }
            let found = try named(name, course: courseOptions)
            return (found, found.folder)
        }
        let workspace = workspaceOptions.resolve()
        if let name = exercise ?? workspace.exerciseID(containing: cwd),
           let found = try courseOptions.exercise(name),
           FileManager.default.fileExists(atPath: workspace.folder(for: found.id).path), workspace.isInitialised {
            return (found, workspace.folder(for: found.id))
        }
        // First use, a new exercise, or no name: the whole course and the learner's path.
        var session = try LearnerSession.open(course: courseOptions, workspace: workspaceOptions, store: store)
        if session.setUp == nil, let name = exercise, session.catalogue.exercise(name) != nil,
           !FileManager.default.fileExists(atPath: workspace.folder(for: name).path) {
            do { session.setUp = try workspace.synchronise(with: session.catalogue, courseVersion: EmbeddedCourse.version) } catch {
                throw CommandFailure(status: 2, message: error.description)
            }
        }
        for note in session.workspaceNotes() { FileHandle.standardError.write(Data((note + "\n").utf8)) }
        let found = try session.exercise(named: exercise, progress: exercise == nil ? try? session.openStore() : nil)
        return (found, workspace.folder(for: found.id))
    }

    /// The exercise of the course by id, or a usage error naming the nearest one.
    static func named(_ name: String, course courseOptions: CourseOptions) throws -> Exercise {
        if let found = try courseOptions.exercise(name) { return found }
        let ids = try courseOptions.catalogue().exercises.map(\.id)
        let nearest = NearestName.suggestion(for: name, among: ids).map { " Did you mean \($0)?" } ?? ""
        throw CommandFailure(status: 2, message: "No exercise \"\(name)\".\(nearest) The exercises: \(ids.joined(separator: ", ")).")
    }

    /// The folder of another exercise beside `folder` (the one of `exercise`): the course's
    /// own when that is where `exercise` is graded, else the same workspace's.
    static func folder(of other: Exercise, besides exercise: Exercise, at folder: URL) -> URL {
        folder.standardizedFileURL == exercise.folder.standardizedFileURL
            ? other.folder : folder.deletingLastPathComponent().appendingPathComponent(other.id)
    }
}
