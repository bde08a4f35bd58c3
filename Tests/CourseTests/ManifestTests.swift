import Course
import Foundation
import Testing
import TestSupport

@Suite struct ManifestTests {
    @Test func everyShippedExerciseLoads() throws {
        let catalogue = try Catalogue.load(root: RepoPaths.root)
        #expect(!catalogue.exercises.isEmpty)
        let flagship = try #require(catalogue.exercise("multistage-flask"))
        #expect(flagship.manifest.points == 100)
        #expect(flagship.manifest.baseline == "baseline.Dockerfile")
        #expect(flagship.manifest.hints.count >= 3)
        let kinds = Set(flagship.manifest.checks.map(\.kind))
        #expect(kinds.isSuperset(of: ["parse", "lint", "structure", "build", "size", "http", "health", "user"]))
        // Every exercise: at least three tiered hints, points, a lesson; at least ten in all.
        #expect(catalogue.exercises.count >= 10)
        for exercise in catalogue.exercises {
            #expect(exercise.manifest.hints.count >= 3, "\(exercise.id) has \(exercise.manifest.hints.count) hints")
            #expect(exercise.manifest.points > 0, "\(exercise.id) has no points")
            #expect(exercise.manifest.lesson != nil, "\(exercise.id) names no lesson")
        }
        // Course order: ascending `order`.
        let orders = catalogue.exercises.map(\.manifest.order)
        #expect(orders == orders.sorted())
    }

    /// Writes a manifest whose `checks` are given and returns the refusal.
    func refusal(_ body: String, files: [String] = ["Dockerfile", "solution/Dockerfile"]) throws -> ManifestError? {
        let folder = try RepoPaths.temporaryDirectory("manifest").appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("solution"), withIntermediateDirectories: true)
        for file in files { try "FROM scratch\n".write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8) }
        try body.write(to: folder.appendingPathComponent("exercise.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try Exercise.load(folder: folder)
            return nil
        } catch {
            #expect(error.file.hasSuffix("bad/exercise.yaml"))
            return error
        }
    }

    let header = "schema: 1\nid: bad\ntitle: Bad\n"

    /// What the home screen and watch tell the learner to edit: the quiz's answers file where
    /// nothing is built, else the Dockerfile.
    @Test func theLearnersFileIsTheQuizsAnswersWhereNothingIsBuilt() throws {
        let catalogue = try Catalogue.load(root: RepoPaths.root)
        #expect(try #require(catalogue.exercise("containers-quiz")).learnersFile == "answers.yaml")
        #expect(try #require(catalogue.exercise("first-dockerfile")).learnersFile == "Dockerfile")
        let others = catalogue.exercises.filter { $0.id != "containers-quiz" }
        #expect(others.allSatisfy { $0.learnersFile == $0.manifest.dockerfile }, "\(others.map { ($0.id, $0.learnersFile) })")
    }

    @Test func anUnknownCheckKindIsRefusedWithItsKey() throws {
        let error = try #require(try refusal(header + "checks:\n  - kind: parse\n  - kind: smell\n"))
        #expect(error.key == "checks[1].kind")
        #expect(error.problem.contains("unknown check kind \"smell\""))
        #expect(error.problem.contains("structure"))
    }

    @Test func aMissingFileIsRefused() throws {
        let error = try #require(try refusal(header + "checks:\n  - kind: parse\n", files: ["Dockerfile"]))
        #expect(error.key == "solution")
        #expect(error.problem.contains("solution/Dockerfile"))
    }

    @Test func aBadParameterIsRefusedWithWhatIsExpected() throws {
        let error = try #require(try refusal(header + "baseline: Dockerfile\nchecks:\n  - kind: build\n  - kind: size\n    maxFraction: lots\n"))
        #expect(error.key == "checks[1].maxFraction")
        #expect(error.problem.contains("expected a number"))
    }

    @Test func aMisspeltParameterIsRefused() throws {
        let error = try #require(try refusal(header + "checks:\n  - kind: http\n    port: 8080\n    stauts: 200\n  - kind: build\n"))
        #expect(error.key == "checks[0].stauts")
        #expect(error.problem.contains("unknown key"))
        #expect(error.problem.contains("status"))
    }

    @Test func aNewerSchemaIsRefusedWithWhatToDo() throws {
        let error = try #require(try refusal("schema: 9\nid: bad\ntitle: Bad\nchecks:\n  - kind: parse\n"))
        #expect(error.key == "schema")
        #expect(error.problem.contains("newer dockerlings"))
    }

    @Test func engineChecksWithoutABuildAreRefused() throws {
        let error = try #require(try refusal(header + "checks:\n  - kind: user\n"))
        #expect(error.key == "checks")
        #expect(error.problem.contains("no `build` check"))
    }

    @Test func aSizeCheckNeedsABaseline() throws {
        let error = try #require(try refusal(header + "checks:\n  - kind: build\n  - kind: size\n    maxFraction: 0.5\n"))
        #expect(error.key == "baseline")
    }

    @Test func theFolderMustMatchTheID() throws {
        let error = try #require(try refusal("schema: 1\nid: other\ntitle: Bad\nchecks:\n  - kind: parse\n"))
        #expect(error.key == "id")
        #expect(error.problem.contains("folder"))
    }

    @Test(arguments: ["Bad", "-bad", "bad_one", "bäd"])
    func anIDOfOtherThanLowercaseLettersDigitsAndDashesIsRefused(id: String) throws {
        let error = try #require(try refusal("schema: 1\nid: \(id)\ntitle: Bad\nchecks:\n  - kind: parse\n"))
        #expect(error.key == "id")
        #expect(error.problem.contains("lowercase letters, digits and dashes"), "\(error.problem)")
    }

    @Test func aFinalBasePatternThatIsNotARegularExpressionIsRefused() throws {
        let error = try #require(try refusal(header + "checks:\n  - kind: structure\n    finalBase: {pattern: '(-slim'}\n"))
        #expect(error.key == "checks[0].finalBase.pattern")
        #expect(error.problem.contains("not a valid regular expression"))
    }

    @Test func declaredPointsMustAddUp() throws {
        let error = try #require(try refusal(header + "points: 50\nchecks:\n  - kind: parse\n    points: 10\n"))
        #expect(error.key == "points")
        #expect(error.problem.contains("add up to 10"))
    }

    @Test func invalidYAMLIsRefused() throws {
        let error = try #require(try refusal("schema: [1\n"))
        #expect(error.problem.contains("not valid YAML"))
    }

    @Test func aCatalogueWithABadManifestNamesEveryProblem() throws {
        let root = try RepoPaths.temporaryDirectory("catalogue")
        for (id, kind) in [("one", "nope"), ("two", "alsonope")] {
            let folder = root.appendingPathComponent("Exercises/\(id)")
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("solution"), withIntermediateDirectories: true)
            try "FROM scratch\n".write(to: folder.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
            try "FROM scratch\n".write(to: folder.appendingPathComponent("solution/Dockerfile"), atomically: true, encoding: .utf8)
            try "schema: 1\nid: \(id)\ntitle: T\nchecks:\n  - kind: \(kind)\n".write(to: folder.appendingPathComponent("exercise.yaml"), atomically: true, encoding: .utf8)
        }
        #expect(throws: Catalogue.LoadError.self) { try Catalogue.load(root: root) }
        do { _ = try Catalogue.load(root: root) } catch {
            #expect(error.problems.count == 2)
            #expect(error.description.contains("alsonope"))
        }
    }
}
