import ArgumentParser
import Course
import Foundation

struct Reset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Put an exercise's starter files back (yours are kept as a backup).",
        discussion: """
            Asks first. Every file that differs from the starter is copied to \
            WORKSPACE/.dockerlings/backups/EXERCISE-TIME/ before the starter replaces it, so \
            nothing you wrote is lost. Without a terminal to ask on, pass --yes.
            """)

    @Argument(help: "The exercise to reset.")
    var exercise: String

    @Flag(name: [.customLong("yes"), .customShort("y")], help: "Do not ask.")
    var yes = false

    @OptionGroup var courseOptions: CourseOptions
    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            let session = try LearnerSession.open(course: courseOptions, workspace: workspaceOptions, store: store)
            let chosen = try session.exercise(named: exercise)
            let folder = session.workspace.displayPath(environment: ProcessInfo.processInfo.environment) + "/" + chosen.id
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw CommandFailure(status: 2, message: "Not resetting \(chosen.id) without asking, and there is no terminal to ask on: pass --yes.")
                }
                FileHandle.standardOutput.write(Data("Replace your files in \(folder) with the starter? Yours are kept as a backup. [y/N] ".utf8))
                let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
                guard answer == "y" || answer == "yes" else {
                    print("Nothing changed.")
                    return
                }
            }
            let result: (restored: [String], backup: URL?)
            do { result = try session.workspace.reset(chosen) } catch { throw CommandFailure(status: 2, message: error.description) }
            if result.restored.isEmpty {
                print("\(folder) already holds the starter; nothing changed.")
            } else {
                print("Restored the starter of \(chosen.id): \(result.restored.joined(separator: ", ")).")
                if let backup = result.backup { print("Your previous files are in \(backup.path).") }
            }
        } catch let failure as CommandFailure {
            failure.exit()
        }
    }
}
