import Foundation

/// One exercise of the course: its folder and its validated manifest.
public struct Exercise: Sendable {
    public var folder: URL
    public var manifest: ExerciseManifest

    public var id: String { manifest.id }
    public var title: String { manifest.title }

    /// Reads the folder's `exercise.yaml`; a bad manifest is refused with the file and key.
    public static func load(folder: URL) throws(ManifestError) -> Exercise {
        Exercise(folder: folder.standardizedFileURL, manifest: try ExerciseManifest.load(folder: folder.standardizedFileURL))
    }

    /// The build context of the exercise in `workspace` (the exercise's own folder when the
    /// workspace is the course's Exercises folder).
    public func contextDirectory(in exerciseFolder: URL) -> URL {
        exerciseFolder.appendingPathComponent(manifest.context).standardizedFileURL
    }

    /// The file the learner works in, relative to the exercise folder: the quiz's answers
    /// file for an exercise that builds nothing and asks questions, else the Dockerfile.
    public var learnersFile: String {
        let builds = manifest.checks.contains { $0.check is BuildCheck }
        guard !builds, let quiz = manifest.checks.lazy.compactMap({ $0.check as? QuizCheck }).first else { return manifest.dockerfile }
        return quiz.file
    }

    public var starterDockerfile: URL { folder.appendingPathComponent(manifest.dockerfile) }
    public var solutionDockerfile: URL { folder.appendingPathComponent(manifest.solution) }
}
