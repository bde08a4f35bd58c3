import ArgumentParser
import Course
import Foundation
import ProgressStore

/// Where the course is; shared by check and verify.
struct CourseOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The course folder (holding Exercises/). Default: $DOCKERLINGS_COURSE, else the nearest one from here upwards, else the one this program was built in.",
        valueName: "dir"))
    var course: String?

    func catalogue() throws -> Catalogue {
        guard let root = Self.root(explicit: course) else {
            throw CommandFailure(status: 2, message: "No course found: run this inside the dockerlings folder, or pass --course DIR (the folder holding Exercises/).")
        }
        do { return try Catalogue.load(root: root) } catch { throw CommandFailure(status: 2, message: error.description) }
    }

    /// One exercise of the course, its manifest alone read and validated; nil when the
    /// course has no such folder.
    func exercise(_ id: String) throws -> Exercise? {
        guard let root = Self.root(explicit: course) else { return nil }
        let folder = root.appendingPathComponent("Exercises").appendingPathComponent(id)
        guard !id.contains("/"), FileManager.default.fileExists(atPath: folder.appendingPathComponent("exercise.yaml").path) else { return nil }
        do { return try Exercise.load(folder: folder) } catch { throw CommandFailure(status: 2, message: error.description) }
    }

    /// The course folder: `explicit`, else $DOCKERLINGS_COURSE, else found from here or from this program.
    static func root(explicit: String?) -> URL? {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: cwd).resolvingSymlinksInPath()
        return Catalogue.locateRoot(explicit: explicit, environment: ProcessInfo.processInfo.environment,
                                    currentDirectory: cwd, executable: executable)
    }

    /// The course's exercises for the progress views and exports, or none (with a warning)
    /// when the course cannot be found or read: progress stays viewable either way.
    static func exerciseInfos(course: String?, flagship: String?) -> [ExerciseInfo] {
        guard let root = root(explicit: course) else { return [] }
        do {
            var infos = try Catalogue.load(root: root).exerciseInfos
            if let flagship { for index in infos.indices { infos[index].isFlagship = infos[index].id == flagship } }
            return infos
        } catch {
            FileHandle.standardError.write(Data("warning: \(error.description)\nwarning: exercises not yet started are not listed.\n".utf8))
            return []
        }
    }
}

/// An error that prints its message and exits with its status (2: could not even try).
struct CommandFailure: Error, CustomStringConvertible {
    var status: Int32
    var message: String
    var description: String { message }

    /// Prints the message on standard error and exits with the status.
    func exit() -> Never {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
        Foundation.exit(status)
    }
}

/// Runs `body`; a Ctrl-C cancels its task (so what it started is cleaned up) instead of
/// killing the process mid-way, and `interrupted` says so. A second Ctrl-C exits at once.
func cancellableOnInterrupt<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> (value: T, interrupted: Bool) {
    let task = Task { try await body() }
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    let presses = InterruptCount()
    source.setEventHandler {
        if presses.increment() > 1 { Foundation.exit(130) }
        FileHandle.standardError.write(Data("\ninterrupted: stopping and cleaning up (Ctrl-C again to quit at once)\n".utf8))
        task.cancel()
    }
    source.resume()
    defer {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
    let value = try await task.value
    return (value, presses.count > 0)
}

private final class InterruptCount: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
    var count: Int { lock.withLock { value } }
}
