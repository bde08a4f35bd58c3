import ArgumentParser
import Course
import Foundation
import ProgressStore
import SystemSupport

/// Where the course is; shared by every command that reads exercises or lessons.
struct CourseOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The course folder (holding Exercises/ and Lessons/). Default: $DOCKERLINGS_COURSE, else the nearest one from here upwards, else the course built into dockerlings.",
        valueName: "dir"))
    var course: String?

    func root() throws -> URL { try Self.root(explicit: course) }

    func catalogue() throws -> Catalogue {
        let root = try root()
        do { return try Catalogue.load(root: root) } catch { throw CommandFailure(status: 2, message: error.description) }
    }

    /// One exercise of the course, its manifest alone read and validated; nil when the
    /// course has no such folder.
    func exercise(_ id: String) throws -> Exercise? {
        let folder = try root().appendingPathComponent("Exercises").appendingPathComponent(id)
        guard !id.contains("/"), FileManager.default.fileExists(atPath: folder.appendingPathComponent("exercise.yaml").path) else { return nil }
        do { return try Exercise.load(folder: folder) } catch { throw CommandFailure(status: 2, message: error.description) }
    }

    /// The course folder: `explicit`, else $DOCKERLINGS_COURSE, else a checkout found from
    /// here upwards, else the course built into this program (unpacked on first use).
    static func root(explicit: String?) throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        do {
            return try Catalogue.resolveRoot(explicit: explicit, environment: environment,
                                             currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                                             dataDirectory: UserDirectories.data(environment: environment))
        } catch {
            throw CommandFailure(status: 2, message: error.description)
        }
    }

    /// The course's exercises for the progress views and exports, or none (with a warning)
    /// when the course cannot be found or read: progress stays viewable either way.
    static func exerciseInfos(course: String?, flagship: String?) -> [ExerciseInfo] {
        do {
            var infos = try Catalogue.load(root: try root(explicit: course)).exerciseInfos
            if let flagship { for index in infos.indices { infos[index].isFlagship = infos[index].id == flagship } }
            return infos
        } catch {
            FileHandle.standardError.write(Data("warning: \(error)\nwarning: exercises not yet started are not listed.\n".utf8))
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
