import Course
import Foundation
import ProgressStore
import Testing
import TestSupport

/// The flagship exercise graded for real, on the stand-in python images that
/// scripts/base-images.sh makes (`make test` runs it first).
@Suite(.enabled(if: DockerTestEngine.shouldRun)) struct FlagshipTests {
    let exercise: Exercise

    init() throws {
        exercise = try #require(try Catalogue.load(root: RepoPaths.root).exercise("multistage-flask"))
    }

    /// Grades `dockerfile` as the answer, with the exercise's own folder as the context.
    func grade(_ dockerfile: String, staticOnly: Bool = false) async throws -> GradeReport {
        let file = try RepoPaths.temporaryDirectory("flagship").appendingPathComponent("Dockerfile")
        try dockerfile.write(to: file, atomically: true, encoding: .utf8)
        return try await Grader().grade(GradeRequest(exercise: exercise, dockerfile: file, exerciseFolder: exercise.folder,
                                                     staticOnly: staticOnly))
    }

    @Test func theStarterFailsAndTheSolutionPassesWithRealBuilds() async throws {
        let result = await Verifier().verify(exercise)
        #expect(result.starterFailed)
        #expect(result.solutionPassed, "\(result.solutionFailingChecks)")
        #expect(Set(result.starterFailingChecks).isSuperset(of: ["lint", "stages", "final-base", "copy-from", "non-root", "size", "health", "user"]))
        let image = try #require(result.imageBytes), baseline = try #require(result.baselineBytes)
        #expect(Double(image) < 0.6 * Double(baseline))
    }

    /// A learner who only adds a second stage, still shipping the full image, must not pass:
    /// its size is the baseline's, and its final base is not slim.
    @Test func aSecondStageThatStillShipsTheFullImageFailsTheSize() async throws {
        let text = try String(contentsOf: exercise.solutionDockerfile, encoding: .utf8)
            .replacingOccurrences(of: "FROM python:3.12-slim", with: "FROM python:3.12")
        let report = try await grade(text)
        #expect(report.status("build") == .pass)
        #expect(report.status("size") == .fail, "\(report.check("size")?.detail ?? "")")
        #expect(report.status("final-base") == .fail)
        #expect(report.status("http") == .pass)
        #expect(!report.passed)
    }

    /// Single stage on the slim image: small, but not what the exercise teaches.
    @Test func aSingleSlimStageFailsTheStructure() async throws {
        let report = try await grade("""
            FROM python:3.12-slim
            WORKDIR /app
            COPY requirements.txt .
            RUN pip install --no-cache-dir -r requirements.txt
            COPY app.py .
            USER 10001
            HEALTHCHECK CMD ["python", "-c", "print(1)"]
            CMD ["python", "app.py"]

            """, staticOnly: true)
        #expect(report.status("stages") == .fail)
        #expect(report.status("copy-from") == .fail)
        #expect(report.status("final-base") == .pass)
        #expect(report.status("non-root") == .pass)
    }
}
