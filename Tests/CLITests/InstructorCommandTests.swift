import Foundation
import Testing
import TestSupport

/// What the learner hands in and the instructor reads back: check's recording, submit,
/// export, progress and the gradebook, driven through the binary on a fresh machine
/// (a temporary HOME, the embedded course). No engine: every check here is --no-build.
@Suite struct InstructorCommandTests {
    let fresh: FreshHome
    var home: URL { fresh.home }

    init() throws {
        fresh = try FreshHome("instructor-home")
    }

    @discardableResult
    func run(_ arguments: [String], learner: Bool = true) throws -> ProcessResult {
        try fresh.run(arguments, learner: learner ? "ada@example.org" : nil)
    }

    func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The database and its WAL beside it: what the attempt made the store grow by.
    var storeBytes: Int {
        let db = home.appendingPathComponent(".local/share/dockerlings/progress.sqlite").path
        return size(db) + size(db + "-wal")
    }

    /// hintsUsed of `exercise` in an export's JSON.
    func hintsUsed(_ export: ProcessResult, exercise: String) throws -> Int? {
        let rows = try #require(try JSONSerialization.jsonObject(with: export.stdout) as? [[String: Any]], "\(export.stdoutText)\(export.stderrText)")
        return rows.first { $0["exerciseID"] as? String == exercise }?["hintsUsed"] as? Int
    }

    @Test func aDockerfileRefusedForItsSizeIsNotKeptInTheStoreOrTheBundle() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        try #require(try run(["init"], learner: false).status == 0)
        // 2 MiB of comment after a good first line: over the grader's 1 MiB limit.
        let line = "# " + String(repeating: "x", count: 1021) + "\n"
        let big = "FROM busybox:latest\n" + String(repeating: line, count: 2048)
        try Data(big.utf8).write(to: home.appendingPathComponent("dockerlings/first-dockerfile/Dockerfile"))
        let check = try run(["check", "first-dockerfile", "--no-build", "--plain"])
        #expect(check.status == 1, "\(check.stdoutText)\(check.stderrText)")
        #expect(check.stdoutText.contains("limit 1024 KiB"), "\(check.stdoutText)")
        #expect(storeBytes < 512 * 1024, "the store holds \(storeBytes) bytes after one refused attempt")
        let bundle = home.appendingPathComponent("ada.json")
        let submit = try run(["submit", "--out", bundle.path])
        #expect(submit.status == 0, "\(submit.stderrText)")
        #expect(size(bundle.path) < 64 * 1024, "the bundle is \(size(bundle.path)) bytes")
        let text = try String(contentsOf: bundle, encoding: .utf8)
        #expect(text.contains("kept no copy of this Dockerfile: it was \(big.utf8.count) bytes"), "\(text.prefix(2000))")
        // The instructor's gradebook takes it, small, and its chain verifies.
        let gradebook = home.appendingPathComponent("gradebook.sqlite")
        let imported = try run(["gradebook", "import", "--gradebook", gradebook.path, bundle.path], learner: false)
        #expect(imported.status == 0, "\(imported.stdoutText)\(imported.stderrText)")
        #expect(size(gradebook.path) + size(gradebook.path + "-wal") < 512 * 1024)
        let verified = try run(["progress", "--verify", "--db", gradebook.path])
        #expect(verified.status == 0, "\(verified.stdoutText)\(verified.stderrText)")
    }

    @Test func aCommandThatOnlyReadsRefusesAMistypedDatabaseAndMakesNothing() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let commands: [(arguments: [String], file: String)] = [
            (["gradebook", "export", "--gradebook", "gradebok.sqlite", "--format", "canvas"], "gradebok.sqlite"),
            (["export", "--db", "typo.sqlite"], "typo.sqlite"),
            (["progress", "--db", "typo2.sqlite"], "typo2.sqlite"),
            (["submit", "--db", "missing/typo3.sqlite", "--out", "b.json"], "missing/typo3.sqlite"),
        ]
        for (arguments, file) in commands {
            let result = try run(arguments, learner: arguments[0] != "gradebook")
            let path = home.appendingPathComponent(file).path
            #expect(result.status == 2, "\(arguments): \(result.stdoutText)\(result.stderrText)")
            #expect(result.stdoutText.isEmpty, "\(arguments) printed \(result.stdoutText)")
            #expect(result.stderrText.contains("there is no database at \(path), and none was made there"), "\(result.stderrText)")
            #expect(!FileManager.default.fileExists(atPath: path), "\(arguments) made \(path)")
        }
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("missing").path))
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("b.json").path))
    }

    @Test func exportAndTheGradebookCountTheHintsRevealedAttemptOrNot() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        #expect(try run(["check", "entrypoint-cmd", "--no-build"]).status == 1)
        for _ in 1...3 { try #require(try run(["hint", "entrypoint-cmd", "--plain"]).status == 0) }
        try #require(try run(["hint", "cache-order", "--plain"]).status == 0)  // no attempt yet
        let mine = try run(["export", "--format", "json"])
        #expect(try hintsUsed(mine, exercise: "entrypoint-cmd") == 3)
        #expect(try hintsUsed(mine, exercise: "cache-order") == 1)
        // Through a bundle into the class's gradebook: the same counts.
        let bundle = home.appendingPathComponent("ada.json").path
        #expect(try run(["submit", "--out", bundle]).status == 0)
        let gradebook = home.appendingPathComponent("gradebook.sqlite").path
        #expect(try run(["gradebook", "import", "--gradebook", gradebook, bundle], learner: false).status == 0)
        let whole = try run(["gradebook", "export", "--gradebook", gradebook, "--format", "json"], learner: false)
        #expect(try hintsUsed(whole, exercise: "entrypoint-cmd") == 3)
        #expect(try hintsUsed(whole, exercise: "cache-order") == 1)
    }

    @Test func theDatabaseOptionSaysWhereTheDatabaseReallyIs() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        for command in ["check", "list", "export", "submit", "progress"] {
            let help = try run([command, "--help"], learner: false)
            let text = help.stdoutText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains("$XDG_DATA_HOME/dockerlings/progress.sqlite (~/.local/share/dockerlings/progress.sqlite)"), "\(command): \(text)")
            #expect(!text.contains("in the course workspace"), "\(command)")
        }
    }

    @Test func submitIntoAFolderWritesTheBundleThereAndAMissingFolderIsSaidInWords() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        #expect(try run(["check", "first-dockerfile", "--no-build"]).status == 1)
        let folder = home.appendingPathComponent("handin")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let into = try run(["submit", "--out", folder.path])
        let expected = folder.appendingPathComponent("ada@example.org.dockerlings-bundle.json").path
        #expect(into.status == 0, "\(into.stderrText)")
        #expect(into.stdoutText.contains("Wrote \(expected): 1 attempts"), "\(into.stdoutText)")
        #expect(size(expected) > 0)
        let nowhere = folder.appendingPathComponent("no/such/bundle.json").path
        let missing = try run(["submit", "--out", nowhere])
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("the folder \(folder.path)/no/such does not exist"), "\(missing.stderrText)")
        #expect(!missing.stderrText.contains("NSCocoaErrorDomain"))
    }
}
