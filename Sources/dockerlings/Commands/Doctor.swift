import ArgumentParser
import Course
import Foundation
import ProgressStore
import SystemSupport
import TerminalUI

struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that this machine can take the course, and say how to fix what cannot.",
        discussion: """
            Looks at the docker CLI and its version; the engine it reaches (DOCKER_HOST, else \
            the docker context in use, else the default socket) and its API version; the \
            builder builds will use (classic or BuildKit: the course works with both); the \
            storage driver and the free disk where the engine keeps images; every base image \
            the exercises start from; the course's manifests; the progress database \
            (location, schema, SQLite's integrity check, the attempts' hash chain); and your \
            workspace (there, set up, writable, a folder per exercise). Each check \
            says what it found and, when that is not fine, the fix in one line. Nothing is \
            changed, and every check runs even when an earlier one fails: without an engine \
            you still learn what else is wrong, and how to get one.

            Exit status: 0 everything the course needs works (warnings allowed), 1 something \
            it needs is broken, 2 usage.

            Examples:
              dockerlings doctor
              dockerlings doctor --format json
              DOCKER_HOST=ssh://me@buildbox dockerlings doctor
            """)

    @Option(help: "text (default) or json.")
    var format: TextOrJSON = .text

    @Option(help: ArgumentHelp("How long any one check may take, in seconds.", valueName: "seconds"))
    var timeout: Int = 20

    @Flag(help: "No colours, whatever the terminal.")
    var plain = false

    @OptionGroup var courseOptions: CourseOptions
    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Option(name: .long, help: ArgumentHelp(
        "The progress database to look at. Default: $DOCKERLINGS_DB, else where the other commands keep it.",
        valueName: "path"))
    var db: String?

    func validate() throws {
        guard (1...3600).contains(timeout) else { throw ValidationError("--timeout takes 1 to 3600 seconds (got \(timeout)).") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let dataDirectory = UserDirectories.data(environment: environment)
        let course = Result { () throws(CourseLocationError) -> LocatedPath in
            let root = try Catalogue.resolveRoot(explicit: courseOptions.course, environment: environment,
                                                 currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                                                 dataDirectory: dataDirectory)
            let origin = courseOptions.course?.isEmpty == false ? "--course"
                : environment["DOCKERLINGS_COURSE"]?.isEmpty == false ? "DOCKERLINGS_COURSE"
                : root.path.hasPrefix(dataDirectory.standardizedFileURL.path + "/") ? "the course built into dockerlings" : "the checkout found from here"
            return LocatedPath(url: root, origin: origin)
        }
        let databaseOrigin = db?.isEmpty == false ? "--db"
            : environment["DOCKERLINGS_DB"]?.isEmpty == false ? "DOCKERLINGS_DB" : "the default"
        let workspace = workspaceOptions.resolve()
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let workspaceOrigin = workspaceOptions.workspace?.isEmpty == false ? "--workspace"
            : environment["DOCKERLINGS_WORKSPACE"]?.isEmpty == false ? "DOCKERLINGS_WORKSPACE"
            : (here == workspace.root.path || here.hasPrefix(workspace.root.path + "/")) && workspace.isInitialised ? "the workspace you are in" : "the default"
        let doctor = Course.Doctor(
            course: course,
            database: LocatedPath(url: StoreLocation.resolve(explicit: db, environment: environment,
                                                             currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)),
                                  origin: databaseOrigin),
            workspace: LocatedWorkspace(workspace, origin: workspaceOrigin),
            timeout: .seconds(timeout))
        let report = await doctor.examine()
        switch format {
        case .text: print(DoctorText(colour: TerminalEnvironment.current().usesColor(plain: plain)).render(report))
        case .json: print(DoctorJSON.render(report))
        }
        throw ExitCode(report.healthy ? 0 : 1)
    }
}
