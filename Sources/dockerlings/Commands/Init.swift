import ArgumentParser
import Course
import Foundation

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Copy every exercise's starter files into your workspace.",
        discussion: """
            Makes DIR (default: $DOCKERLINGS_WORKSPACE, else ~/dockerlings) with one folder \
            per exercise, holding the files you edit: the Dockerfile and what it builds. \
            Run it again after updating dockerlings: new exercises are added, starters you \
            never touched are refreshed, and a file you changed is never overwritten (you are \
            told which of them changed in the course; `dockerlings reset ID` takes the new \
            starter and keeps yours as a backup). An interrupted run is finished by the next.
            """)

    @Argument(help: "Where to make the workspace.")
    var directory: String?

    @OptionGroup var courseOptions: CourseOptions
    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        do {
            let catalogue = try courseOptions.catalogue()
            let workspace = directory.map { Workspace(root: URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))) }
                ?? workspaceOptions.resolve()
            let report: WorkspaceSyncReport
            do { report = try workspace.synchronise(with: catalogue, courseVersion: EmbeddedCourse.version) } catch { throw CommandFailure(status: 2, message: error.description) }
            let shown = workspace.displayPath(environment: ProcessInfo.processInfo.environment)
            if report.createdWorkspace {
                print("Made your workspace \(shown) with \(catalogue.exercises.count) exercises, one folder each.")
            } else if !report.changedAnything && report.changedUpstream.isEmpty && report.keptExisting.isEmpty {
                print("Your workspace \(shown) is up to date with the course (\(catalogue.exercises.count) exercises).")
            }
            for line in WorkspaceNotes.lines(for: report, workspace: shown) { print(line) }
            if workspace.root != Workspace.locate(explicit: nil, environment: ProcessInfo.processInfo.environment,
                                                  currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).root {
                print("Work inside \(shown) (the commands find it from there), or set DOCKERLINGS_WORKSPACE=\(workspace.root.path).")
            }
            print("Next: dockerlings (where you stand and what to do next)")
        } catch let failure as CommandFailure {
            failure.exit()
        }
    }
}
