import Foundation
import ProgressStore

/// The course's exercises, read from the `Exercises/` folder, in course order.
public struct Catalogue: Sendable {
    public var root: URL
    public var exercises: [Exercise]

    /// Why the catalogue could not be read.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var problems: [ManifestError]
        public var description: String {
            "The course's exercises cannot be loaded:\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
        }
    }

    /// Loads every `Exercises/*/exercise.yaml` under `root`. Every manifest is validated; any
    /// bad one stops the load with every problem found.
    public static func load(root: URL) throws(LoadError) -> Catalogue {
        let folder = root.appendingPathComponent("Exercises")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        var exercises: [Exercise] = []
        var problems: [ManifestError] = []
        for name in names where !name.hasPrefix(".") {
            let dir = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            do { exercises.append(try Exercise.load(folder: dir)) } catch { problems.append(error) }
        }
        if !problems.isEmpty { throw LoadError(problems: problems) }
        exercises.sort { ($0.manifest.order, $0.id) < ($1.manifest.order, $1.id) }
        return Catalogue(root: root, exercises: exercises)
    }

    public func exercise(_ id: String) -> Exercise? { exercises.first { $0.id == id } }

    /// The exercises as the progress views and exports need them: "not started" and the
    /// points possible are known from these.
    public var exerciseInfos: [ExerciseInfo] {
        exercises.map { ExerciseInfo(id: $0.id, title: $0.title, points: $0.manifest.points, isFlagship: $0.manifest.flagship) }
    }

    /// The course's root: `explicit` (--course), else $DOCKERLINGS_COURSE, else the nearest
    /// folder holding `Exercises/` from the current folder upwards (a checkout of the course),
    /// else the course built into this program, unpacked under `dataDirectory`.
    public static func resolveRoot(explicit: String?, environment: [String: String], currentDirectory: URL,
                                   dataDirectory: URL) throws(CourseLocationError) -> URL {
        if let explicit, !explicit.isEmpty {
            let root = URL(fileURLWithPath: (explicit as NSString).expandingTildeInPath, relativeTo: currentDirectory).standardizedFileURL
            guard hasExercises(root) else { throw .notACourse(root.path) }
            return root
        }
        if let env = environment["DOCKERLINGS_COURSE"], !env.isEmpty {
            let root = URL(fileURLWithPath: env).standardizedFileURL
            guard hasExercises(root) else { throw .notACourse(root.path + " ($DOCKERLINGS_COURSE)") }
            return root
        }
        var dir = currentDirectory.standardizedFileURL
        while true {
            if hasExercises(dir) { return dir }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return try EmbeddedCourse.unpack(into: dataDirectory)
    }

    static func hasExercises(_ dir: URL) -> Bool {
        let folder = dir.appendingPathComponent("Exercises")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.contains { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent("exercise.yaml").path) }
    }
}
