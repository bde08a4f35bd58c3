import ArgumentParser
import Course
import DockerEngine
import Foundation
import ProgressStore
import SystemSupport
import TerminalUI

/// Where the learner's copy of the exercises is; shared by the learner's commands.
struct WorkspaceOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Your copy of the exercises, one folder per exercise id. Default: $DOCKERLINGS_WORKSPACE, else the workspace you are in, else ~/dockerlings (made on first use).",
        valueName: "dir"))
    var workspace: String?

    func resolve() -> Workspace {
        Workspace.locate(explicit: workspace, environment: ProcessInfo.processInfo.environment,
                         currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }
}

/// What the learner's commands share: the course, the learner's workspace (set up on first
/// use), the progress database and who the learner is.
struct LearnerSession {
    var root: URL
    var catalogue: Catalogue
    var workspace: Workspace
    var store: StoreOptions
    /// What setting the workspace up did, when this session had to.
    var setUp: WorkspaceSyncReport?

    /// The session, or the failure's message and exit status (for commands that can do
    /// nothing without one).
    static func openOrExit(course: CourseOptions, workspace: WorkspaceOptions, store: StoreOptions) -> LearnerSession {
        do { return try open(course: course, workspace: workspace, store: store) } catch let failure as CommandFailure {
            failure.exit()
        } catch {
            CommandFailure(status: 2, message: "\(error)").exit()
        }
    }

    static func open(course: CourseOptions, workspace: WorkspaceOptions, store: StoreOptions) throws -> LearnerSession {
        let catalogue = try course.catalogue()
        let place = workspace.resolve()
        var setUp: WorkspaceSyncReport?
        if !place.isInitialised {
            do {
                setUp = try place.synchronise(with: catalogue, courseVersion: EmbeddedCourse.version)
            } catch {
                throw CommandFailure(status: 2, message: error.description)
            }
        }
        return LearnerSession(root: catalogue.root, catalogue: catalogue, workspace: place, store: store, setUp: setUp)
    }

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The course's lessons in order, as the path needs them.
    func lessons() -> [CourseLesson] {
        let locator = LessonLocator(lessonsDirectory: root.appendingPathComponent("Lessons"))
        return locator.lessonFiles().compactMap { url in
            guard let source = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            let front = FrontMatter.split(source).frontMatter
            let name = url.deletingPathExtension().lastPathComponent
            let reference = String(name.prefix { $0.isNumber })
            return CourseLesson(id: front?["id"] ?? name, title: front?["title"] ?? name,
                                reference: reference.isEmpty ? name : reference)
        }
    }

    /// The learner's path through the course, read from the progress database.
    func path(in progress: ProgressStore) throws -> LearnerPath {
        let learner = store.resolvedLearner()
        let standings = try failing { try progress.standings(catalog: catalogue.exerciseInfos, learnerID: learner.id) }
        let reads = try failing { try progress.lessonReads(of: learner.id) }
        return LearnerPath(exercises: catalogue.exercises, standings: standings, lessons: lessons(),
                           lessonsRead: Set(reads.map(\.lessonID)))
    }

    func openStore() throws -> ProgressStore { try failing { try store.openStore() } }

    /// The learner's path, from a store opened for it.
    func path() throws -> LearnerPath { try path(in: openStore()) }

    /// The path as `home --format json` and `list --format json` print it.
    func printJSON(_ path: LearnerPath) throws {
        try dockerlings.printJSON(PathJSON(path: path, workspace: workspace.root.path, database: store.databaseURL().path))
    }

    /// The exercise named; without a name, the one whose folder this is, else the current
    /// one on the learner's path. A wrong name is refused with the nearest one suggested.
    func exercise(named name: String?, progress: ProgressStore? = nil) throws -> Exercise {
        if let name {
            if let found = catalogue.exercise(name) { return found }
            let ids = catalogue.exercises.map(\.id)
            let nearest = NearestName.suggestion(for: name, among: ids).map { " Did you mean \($0)?" } ?? ""
            throw CommandFailure(status: 2, message: "No exercise \"\(name)\".\(nearest) The exercises: \(ids.joined(separator: ", ")).")
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if let id = workspace.exerciseID(containing: cwd), let found = catalogue.exercise(id) { return found }
        if let progress, let current = try path(in: progress).currentExercise { return current }
        guard let first = catalogue.exercises.first else { throw CommandFailure(status: 2, message: "The course has no exercises.") }
        return first
    }

    /// Lines that tell the learner what setting up the workspace did.
    func workspaceNotes() -> [String] {
        guard let setUp else { return [] }
        let shown = workspace.displayPath(environment: environment)
        var notes: [String] = []
        if setUp.createdWorkspace { notes.append("Made your workspace \(shown): one folder per exercise, yours to edit.") }
        notes += WorkspaceNotes.lines(for: setUp, workspace: shown)
        return notes
    }
}

/// The words for what `init` did; shared by `init` and the first-use notes.
enum WorkspaceNotes {
    static func lines(for report: WorkspaceSyncReport, workspace: String) -> [String] {
        var lines: [String] = []
        if let previous = report.previousCourseVersion {
            lines.append("The course has changed since this workspace was set up (version \(previous) → \(EmbeddedCourse.version)).")
        }
        if !report.addedExercises.isEmpty, !report.createdWorkspace {
            lines.append("New exercises: \(report.addedExercises.joined(separator: ", ")).")
        }
        if !report.updated.isEmpty { lines.append("Starters you had not touched, updated: \(report.updated.joined(separator: ", ")).") }
        if !report.restored.isEmpty { lines.append("Missing starter files, copied again: \(report.restored.joined(separator: ", ")).") }
        if !report.changedUpstream.isEmpty {
            lines.append("Changed in the course, but you edited them, so yours are kept: \(report.changedUpstream.joined(separator: ", ")) (`dockerlings reset ID` takes the new starter and keeps a backup of yours).")
        }
        if !report.keptExisting.isEmpty {
            lines.append("Already in \(workspace) and different from the starter, kept as they are: \(report.keptExisting.joined(separator: ", ")).")
        }
        return lines
    }
}
