import Course
import Foundation
import Testing
import TestSupport

/// The learner's workspace: copied from the course, never overwriting what the learner wrote.
@Suite struct WorkspaceTests {
    /// A course of two small exercises in a temporary folder, and a workspace beside it.
    struct Lab {
        let root: URL
        let course: URL
        let workspace: Workspace

        init() throws {
            root = try RepoPaths.temporaryDirectory("workspace")
            course = root.appendingPathComponent("course")
            workspace = Workspace(root: root.appendingPathComponent("ws"))
            try addExercise("alpha", order: 10, files: ["Dockerfile": "FROM scratch\n", "app/main.py": "print(1)\n"])
            try addExercise("beta", order: 20, files: ["Dockerfile": "FROM busybox\n"])
        }

        func addExercise(_ id: String, order: Int, files: [String: String]) throws {
            let folder = course.appendingPathComponent("Exercises/\(id)")
            let manifest = """
                schema: 1
                id: \(id)
                title: Exercise \(id)
                order: \(order)
                baseline: baseline.Dockerfile
                checks:
                  - kind: parse
                """
            try write(manifest, to: folder.appendingPathComponent("exercise.yaml"))
            try write("FROM scratch\n", to: folder.appendingPathComponent("baseline.Dockerfile"))
            try write("FROM scratch\nCMD [\"x\"]\n", to: folder.appendingPathComponent("solution/Dockerfile"))
            for (name, text) in files { try write(text, to: folder.appendingPathComponent(name)) }
        }

        func write(_ text: String, to url: URL) throws {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }

        func catalogue() throws -> Catalogue { try Catalogue.load(root: course) }
        func mine(_ path: String) -> String? {
            (try? String(contentsOf: workspace.root.appendingPathComponent(path), encoding: .utf8))
        }
        func upstream(_ path: String) -> URL { course.appendingPathComponent("Exercises/\(path)") }
    }

    @Test func initCopiesOnlyTheLearnersFilesOfEveryExercise() throws {
        let lab = try Lab()
        let report = try lab.workspace.synchronise(with: lab.catalogue(), courseVersion: "v1")
        #expect(report.createdWorkspace)
        #expect(report.addedExercises == ["alpha", "beta"])
        #expect(lab.mine("alpha/Dockerfile") == "FROM scratch\n")
        #expect(lab.mine("alpha/app/main.py") == "print(1)\n")
        #expect(lab.mine("beta/Dockerfile") == "FROM busybox\n")
        // The grader's files stay in the course: no manifest, baseline or solution to peek at.
        for hidden in ["alpha/exercise.yaml", "alpha/baseline.Dockerfile", "alpha/solution/Dockerfile"] {
            #expect(lab.mine(hidden) == nil, "\(hidden) must not be copied")
        }
        #expect(lab.workspace.isInitialised)
    }

    @Test func aSecondInitNeverOverwritesWhatTheLearnerChanged() throws {
        let lab = try Lab()
        _ = try lab.workspace.synchronise(with: lab.catalogue(), courseVersion: "v1")
        try lab.write("FROM scratch\n# my work\n", to: lab.workspace.root.appendingPathComponent("alpha/Dockerfile"))
        // The course changes both starters; the learner had touched only alpha's.
        try lab.write("FROM scratch\n# new starter\n", to: lab.upstream("alpha/Dockerfile"))
        try lab.write("FROM busybox:1.36\n", to: lab.upstream("beta/Dockerfile"))
        try lab.addExercise("gamma", order: 30, files: ["Dockerfile": "FROM scratch\n"])
        let report = try lab.workspace.synchronise(with: lab.catalogue(), courseVersion: "v2")
        #expect(lab.mine("alpha/Dockerfile") == "FROM scratch\n# my work\n", "the learner's file is kept")
        #expect(report.changedUpstream == ["alpha/Dockerfile"])
        #expect(lab.mine("beta/Dockerfile") == "FROM busybox:1.36\n", "an untouched starter follows the course")
        #expect(report.updated == ["beta/Dockerfile"])
        #expect(report.addedExercises == ["gamma"])
        #expect(report.previousCourseVersion == "v1")
        // Nothing new: a third run changes nothing and says the edited file again.
        let again = try lab.workspace.synchronise(with: lab.catalogue(), courseVersion: "v2")
        #expect(!again.changedAnything && again.updated.isEmpty && again.addedExercises.isEmpty)
        #expect(lab.mine("alpha/Dockerfile") == "FROM scratch\n# my work\n")
    }

    @Test func filesAlreadyThereAreKeptAndMissingStartersComeBack() throws {
        let lab = try Lab()
        try lab.write("FROM alpine\n", to: lab.workspace.root.appendingPathComponent("alpha/Dockerfile"))
        let first = try lab.workspace.synchronise(with: lab.catalogue(), courseVersion: "v1")
        #expect(first.keptExisting == ["alpha/Dockerfile"])
        #expect(lab.mine("alpha/Dockerfile") == "FROM alpine\n")
        try FileManager.default.removeItem(at: lab.workspace.root.appendingPathComponent("beta/Dockerfile"))
        let second = try lab.workspace.synchronise(with: lab.catalogue(), courseVersion: "v1")
        #expect(second.restored == ["beta/Dockerfile"])
        #expect(lab.mine("beta/Dockerfile") == "FROM busybox\n")
    }

    @Test func anInterruptedInitIsFinishedByTheNext() throws {
        let lab = try Lab()
        // As if killed after copying one file: the file is there, no record, a temporary left over.
        try lab.write("FROM scratch\n", to: lab.workspace.root.appendingPathComponent("alpha/Dockerfile"))
        try lab.write("half", to: lab.workspace.root.appendingPathComponent("alpha/.Dockerfile.dockerlings-tmp"))
        #expect(!lab.workspace.isInitialised)
        let report = try lab.workspace.synchronise(with: lab.catalogue(), courseVersion: "v1")
        #expect(report.keptExisting.isEmpty, "a file identical to its starter is simply adopted")
        #expect(lab.mine("alpha/app/main.py") == "print(1)\n" && lab.mine("beta/Dockerfile") == "FROM busybox\n")
        #expect(lab.workspace.isInitialised)
    }

    @Test func aReadOnlyWorkspaceIsAClearErrorAndLosesNothing() throws {
        let lab = try Lab()
        _ = try lab.workspace.synchronise(with: lab.catalogue(), courseVersion: "v1")
        try lab.write("FROM scratch\n# mine\n", to: lab.workspace.root.appendingPathComponent("alpha/Dockerfile"))
        try lab.addExercise("gamma", order: 30, files: ["Dockerfile": "FROM scratch\n"])
        // Something in the way that even root cannot write through (tests run as root in CI,
        // where permissions would not stop it): a file where the new exercise's folder goes.
        try lab.write("in the way", to: lab.workspace.root.appendingPathComponent("gamma"))
        #expect {
            _ = try lab.workspace.synchronise(with: lab.catalogue(), courseVersion: "v2")
        } throws: { error in
            "\(error)".contains("Cannot write") && "\(error)".contains("gamma") && "\(error)".contains("--workspace")
        }
        #expect(lab.mine("alpha/Dockerfile") == "FROM scratch\n# mine\n")
        #expect(lab.mine("gamma") == "in the way")
    }

    @Test func resetRestoresTheStarterAndKeepsABackup() throws {
        let lab = try Lab()
        _ = try lab.workspace.synchronise(with: lab.catalogue(), courseVersion: "v1")
        try lab.write("FROM scratch\n# an hour of work\n", to: lab.workspace.root.appendingPathComponent("alpha/Dockerfile"))
        let alpha = try #require(try lab.catalogue().exercise("alpha"))
        let result = try lab.workspace.reset(alpha)
        #expect(result.restored == ["Dockerfile"])
        #expect(lab.mine("alpha/Dockerfile") == "FROM scratch\n")
        let backup = try #require(result.backup)
        #expect(try String(contentsOf: backup.appendingPathComponent("Dockerfile"), encoding: .utf8) == "FROM scratch\n# an hour of work\n")
        // Nothing differs now: a second reset changes nothing and makes no backup.
        let again = try lab.workspace.reset(alpha)
        #expect(again.restored.isEmpty && again.backup == nil)
    }

    @Test func theWorkspaceIsFoundFromInsideItThenFromTheEnvironment() throws {
        let lab = try Lab()
        _ = try lab.workspace.synchronise(with: lab.catalogue(), courseVersion: "v1")
        let inside = lab.workspace.root.appendingPathComponent("alpha/app")
        #expect(Workspace.locate(explicit: nil, environment: ["HOME": "/home/x"], currentDirectory: inside).root == lab.workspace.root)
        #expect(lab.workspace.exerciseID(containing: inside) == "alpha")
        #expect(Workspace.locate(explicit: nil, environment: ["HOME": "/home/x", "DOCKERLINGS_WORKSPACE": "/w"], currentDirectory: inside).root.path == "/w")
        #expect(Workspace.locate(explicit: nil, environment: ["HOME": "/home/x"], currentDirectory: URL(fileURLWithPath: "/")).root.path == "/home/x/dockerlings")
        #expect(Workspace(root: URL(fileURLWithPath: "/home/x/dockerlings")).displayPath(environment: ["HOME": "/home/x"]) == "~/dockerlings")
    }

    @Test func aMistypedNameSuggestsTheNearest() {
        let ids = ["first-dockerfile", "multistage-flask", "cache-order"]
        #expect(NearestName.suggestion(for: "multistage-flsk", among: ids) == "multistage-flask")
        #expect(NearestName.suggestion(for: "flask", among: ids) == "multistage-flask")
        #expect(NearestName.suggestion(for: "zzzzzzzz", among: ids) == nil)
    }
}
