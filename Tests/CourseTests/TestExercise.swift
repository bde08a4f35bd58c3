import Course
import DockerEngine
import Foundation
import ProgressStore
import TestSupport

/// A small exercise written into a temporary folder: a manifest with the given checks, a
/// Dockerfile, and any other files of the build context.
struct TestExercise {
    var exercise: Exercise
    var folder: URL { exercise.folder }

    /// `checks` is the YAML list under `checks:`; `extra` is more top-level YAML.
    static func make(checks: String, dockerfile: String = "FROM scratch\n", files: [String: String] = [:],
                     baseline: String? = nil, extra: String = "") throws -> TestExercise {
        let id = "t-" + UUID().uuidString.prefix(8).lowercased()
        let folder = try RepoPaths.temporaryDirectory("course-test").appendingPathComponent(id)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var manifest = "schema: 1\nid: \(id)\ntitle: A test exercise\nsolution: Dockerfile\n"
        if let baseline {
            try baseline.write(to: folder.appendingPathComponent("baseline.Dockerfile"), atomically: true, encoding: .utf8)
            manifest += "baseline: baseline.Dockerfile\n"
        }
        manifest += extra + "checks:\n" + checks
        try manifest.write(to: folder.appendingPathComponent("exercise.yaml"), atomically: true, encoding: .utf8)
        try dockerfile.write(to: folder.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return TestExercise(exercise: try Exercise.load(folder: folder))
    }

    /// A course exercise (Exercises/ID), copied into a temporary folder so a grade can write
    /// its Dockerfile there.
    static func copy(of id: String) throws -> TestExercise {
        let folder = try RepoPaths.temporaryDirectory("course-copy").appendingPathComponent(id)
        try FileManager.default.copyItem(at: RepoPaths.root.appendingPathComponent("Exercises/\(id)"), to: folder)
        return TestExercise(exercise: try Exercise.load(folder: folder))
    }

    /// Grades `dockerfile` (written over the exercise's Dockerfile) with a client of a known
    /// label, and checks that the grade left nothing of its own behind in the engine.
    func grade(_ dockerfile: String? = nil, staticOnly: Bool = false) async throws -> GradeReport {
        if let dockerfile {
            try dockerfile.write(to: folder.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        }
        let session = "test-" + UUID().uuidString.prefix(8).lowercased()
        let grader = Grader(makeClient: { _ in try DockerClient(session: session) })
        let report = try await grader.grade(GradeRequest(exercise: exercise, dockerfile: folder.appendingPathComponent("Dockerfile"),
                                                         exerciseFolder: folder, staticOnly: staticOnly))
        if !staticOnly {
            let left = try await DockerClient(session: session).labelled()
            if !left.containers.isEmpty || !left.images.isEmpty {
                throw Leftovers(summary: "the grade left \(left.containers.count) containers and \(left.images.count) images")
            }
        }
        return report
    }

    struct Leftovers: Error, CustomStringConvertible { var summary: String; var description: String { summary } }
}

extension GradeReport {
    func check(_ id: String) -> GradeReport.Check? { checks.first { $0.id == id } }
    func status(_ id: String) -> GradeReport.Status? { check(id)?.status }
}
