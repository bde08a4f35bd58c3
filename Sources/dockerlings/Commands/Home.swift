import ArgumentParser
import Course
import DockerEngine
import Foundation
import TerminalUI

struct Home: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "home",
        abstract: "Where you stand in the course, and the one next step (the default command).",
        discussion: """
            `dockerlings` with no command shows this: a progress bar, the lessons you have \
            read and the exercises you have passed, and what to do next with the exact \
            command. The first time, it makes your workspace (~/dockerlings: one folder per \
            exercise, yours to edit) and your progress database \
            (~/.local/share/dockerlings/progress.sqlite); nothing to configure.

            Without a Docker engine you can still read every lesson and get the static \
            checks (parse, lint, structure); the screen says how to get an engine.
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
        let environment = ProcessInfo.processInfo.environment
        if format == .json { return try session.printJSON(path) }
        let terminal = TerminalEnvironment.current()
        let place = PathText.Place(
            workspace: session.workspace.displayPath(environment: environment),
            database: Workspace(root: store.databaseURL().deletingLastPathComponent()).displayPath(environment: environment) + "/" + store.databaseURL().lastPathComponent,
            engineAnswers: EngineProbe.localEngineAnswers(timeout: 0.5),
            workspaceNotes: session.workspaceNotes())
        print(PathText(colour: terminal.usesColor(plain: plain), width: terminal.width(requested: nil)).home(path, place: place))
    }
}
