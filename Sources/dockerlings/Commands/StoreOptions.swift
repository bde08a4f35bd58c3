import ArgumentParser
import Foundation
import ProgressStore

/// Where the progress database is and who the learner is; shared by progress, export, submit.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The progress database. Default: $DOCKERLINGS_DB, else a .dockerlings/progress.sqlite in this folder or one above it, else $XDG_DATA_HOME/dockerlings/progress.sqlite (~/.local/share/dockerlings/progress.sqlite).",
        valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp(
        "Who you are. Default: git's user.email (named by user.name), else your login name.",
        valueName: "id"))
    var learner: String?

    @Option(name: .long, help: ArgumentHelp(
        "The exercise whose image-size trend to show (the course names it; this overrides).",
        valueName: "exercise-id"))
    var flagship: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }
    var currentDirectory: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

    func databaseURL() -> URL {
        StoreLocation.resolve(explicit: db, environment: environment, currentDirectory: currentDirectory)
    }

    func openStore() throws -> ProgressStore {
        try ProgressStore.open(at: databaseURL())
    }

    /// For commands that only read (progress, export, submit): a database named with --db
    /// must already be there, so a mistyped path is an error, not an empty answer.
    func openStoreToRead() throws -> ProgressStore {
        try ProgressStore.open(at: databaseURL(), creating: db == nil)
    }

    func resolvedLearner() -> Learner {
        LearnerIdentity.resolve(explicit: learner, environment: environment)
    }

    /// The course's exercises (titles, points, the flagship), for "not started" and totals.
    func catalog() -> [ExerciseInfo] {
        CourseOptions.exerciseInfos(course: nil, flagship: flagship)
    }
}

/// Prints a store error in its own words and exits 2 (usage or input error), like the linter.
func failing<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ProgressStoreError {
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        throw ExitCode(2)
    } catch let error as BundleError {
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        throw ExitCode(2)
    } catch let error as ExportError {
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        throw ExitCode(2)
    }
}

/// Where a command writes: a file given with --out, else standard output.
func outputHandle(_ path: String?) throws -> FileHandle {
    guard let path else { return FileHandle.standardOutput }
    guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
        throw ValidationError("cannot write \(path): check that its folder exists and is writable")
    }
    return handle
}

extension ExportFormat: ExpressibleByArgument {}

/// The HMAC key an instructor hands out: --key, --key-file, or $DOCKERLINGS_BUNDLE_KEY.
struct BundleKeyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The signing key your instructor gave you (or $DOCKERLINGS_BUNDLE_KEY).", valueName: "key"))
    var key: String?

    @Option(help: ArgumentHelp("Read the key from this file instead.", valueName: "path"))
    var keyFile: String?

    func resolve() throws -> Data? {
        if let keyFile {
            guard let data = FileManager.default.contents(atPath: keyFile) else {
                throw ValidationError("cannot read the key file \(keyFile)")
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw ValidationError("the key file \(keyFile) is empty") }
            return Data(text.utf8)
        }
        if let key = key ?? ProcessInfo.processInfo.environment["DOCKERLINGS_BUNDLE_KEY"], !key.isEmpty {
            return Data(key.utf8)
        }
        return nil
    }
}
