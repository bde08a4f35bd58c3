@testable import Course
import DockerEngine
import Foundation
import ProgressStore
import Testing
import TestSupport

/// The checks that need no engine: each kind with a passing and a failing Dockerfile.
@Suite struct StaticCheckTests {
    @Test func parsePassesAndFailsWithLineAndColumn() async throws {
        let t = try TestExercise.make(checks: "  - kind: parse\n")
        let good = try await t.grade("FROM busybox\nRUN echo hi\n", staticOnly: true)
        #expect(good.status("parse") == .pass)
        let bad = try await t.grade("FROM busybox\nRUN [\"unterminated\nCOPY --chmod=bad a b\nFROM\n", staticOnly: true)
        let check = try #require(bad.check("parse"))
        #expect(check.status == .fail)
        #expect(check.line != nil)
        #expect(check.detail?.contains("line \(check.line ?? 0)") == true)
        #expect(!bad.passed)
    }

    @Test func parseNamesEmptyAndBinaryFiles() async throws {
        let t = try TestExercise.make(checks: "  - kind: parse\n")
        let empty = try await t.grade("  \n\n", staticOnly: true)
        #expect(empty.check("parse")?.detail?.contains("empty") == true)
        try Data([0x46, 0x52, 0x4F, 0x4D, 0x00, 0xFF, 0xFE, 0x01]).write(to: t.folder.appendingPathComponent("Dockerfile"))
        let binary = try await t.grade(staticOnly: true)
        #expect(binary.check("parse")?.detail?.contains("not a text file") == true)
    }

    @Test func aMissingDockerfileCannotBeGraded() async throws {
        let t = try TestExercise.make(checks: "  - kind: parse\n")
        try FileManager.default.removeItem(at: t.folder.appendingPathComponent("Dockerfile"))
        await #expect(throws: GradingError.self) { _ = try await t.grade(staticOnly: true) }
    }

    @Test func lintFailsWithEachFindingsLineCodeAndExplainHint() async throws {
        let t = try TestExercise.make(checks: "  - kind: lint\n    level: warning\n    points: 10\n")
        let good = try await t.grade("FROM busybox:1.36\nCMD [\"sh\"]\n", staticOnly: true)
        #expect(good.status("lint") == .pass)
        #expect(good.check("lint")?.points == 10)
        let bad = try await t.grade("FROM busybox:1.36\nRUN cd /tmp\nCMD sh\n", staticOnly: true)
        let check = try #require(bad.check("lint"))
        #expect(check.status == .fail)
        #expect(check.points == 0)
        #expect(check.detail?.contains("line 2: DL3003") == true)
        #expect(check.line == 2)
        #expect(check.hint?.contains("dockerlings explain DL3003") == true)
    }

    /// A Dockerfile BuildKit refuses (an unknown instruction) fails the parse check, which
    /// names the line; lint does not run on it to say the same as DL1000 under its hint.
    @Test func lintWaitsForADockerfileThatParses() async throws {
        let t = try TestExercise.make(checks: "  - kind: parse\n  - kind: lint\n    hint: Pin the base image.\n")
        let report = try await t.grade("FROMM busybox:1.36\nCMD [\"sh\"]\n", staticOnly: true)
        #expect(report.status("parse") == .fail)
        let lint = try #require(report.check("lint"))
        #expect(lint.status == .skip && lint.detail?.contains("needs a Dockerfile that parses") == true, "\(lint)")
        #expect(!ReportText(colour: false).check(lint).contains("Pin the base image"))
    }

    @Test func theFixHintsPathIsOneTheShellReadsBack() {
        let file = { (path: String) in LintCheck.typed(URL(fileURLWithPath: path), here: "/work", home: "/home/ada") }
        #expect(file("/work/first/Dockerfile") == "first/Dockerfile")
        #expect(file("/home/ada/dockerlings/first/Dockerfile") == "~/dockerlings/first/Dockerfile")
        // Quoted, with `~/` left outside the quotes, where the shell still expands it.
        #expect(file("/home/ada/my course/Dockerfile") == "~/'my course/Dockerfile'")
        #expect(file("/srv/it's/Dockerfile") == #"'/srv/it'\''s/Dockerfile'"#)
    }

    @Test func lintShowsTheSuggestionUnderTheLearnersLineAndCountsSafeFixes() async throws {
        let t = try TestExercise.make(checks: "  - kind: lint\n    level: warning\n")
        let report = try await t.grade("FROM busybox:1.36\nCMD sh -x\n", staticOnly: true)
        let check = try #require(report.check("lint"))
        #expect(check.status == .fail)
        #expect(check.detail?.contains("line 2: DL3025 warning") == true)
        #expect(check.detail?.contains("   2 | CMD sh -x\n     |     ^^^^^\n") == true, "\(check.detail ?? "")")
        #expect(check.detail?.contains("   2 | CMD [\"sh\", \"-x\"]") == true)
        // DL3025 and JSONArgsRecommended share one rewrite: one safe fix.
        // The file as the learner would type it from here (the test's folder is outside this one and home).
        let typed = t.folder.appendingPathComponent("Dockerfile").standardizedFileURL.path
        #expect(check.hint?.hasPrefix("run `dockerlings lint --fix \(typed)` to apply 1 safe fix; ") == true, "\(check.hint ?? "")")
    }

    @Test func lintForbiddenCodesFailWhateverTheirLevel() async throws {
        // DL3059 (consecutive RUNs) is only info: below `error`, unless forbidden.
        let dockerfile = "FROM busybox:1.36\nRUN echo a\nRUN echo b\n"
        let lenient = try TestExercise.make(checks: "  - kind: lint\n    level: error\n")
        #expect(try await lenient.grade(dockerfile, staticOnly: true).status("lint") == .pass)
        let strict = try TestExercise.make(checks: "  - kind: lint\n    level: error\n    forbid: [DL3059]\n")
        #expect(try await strict.grade(dockerfile, staticOnly: true).status("lint") == .fail)
    }

    @Test func lintCourseRulesAreOnlyOnWhenAsked() async throws {
        let dockerfile = "FROM busybox:1.36\nCMD [\"sh\"]\n"
        let plain = try TestExercise.make(checks: "  - kind: lint\n")
        #expect(try await plain.grade(dockerfile, staticOnly: true).status("lint") == .pass)
        let course = try TestExercise.make(checks: "  - kind: lint\n    course: true\n")
        let report = try await course.grade(dockerfile, staticOnly: true)
        #expect(report.check("lint")?.detail?.contains("DC001") == true)
    }

    static let good = """
        FROM python:3.12 AS build
        COPY requirements.txt .
        RUN pip install --no-cache-dir -r requirements.txt
        COPY . .
        FROM python:3.12-slim
        RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
        COPY --from=build /opt/venv /opt/venv
        USER 10001
        HEALTHCHECK CMD ["python", "-c", "print(1)"]
        CMD ["python", "app.py"]

        """

    static let naive = """
        FROM python:3.12
        COPY . .
        RUN pip install -r requirements.txt
        RUN apt-get update && apt-get install -y curl
        HEALTHCHECK NONE
        USER root
        CMD python app.py

        """

    @Test(arguments: [
        ("stages: 2", "1 stage"),
        ("finalBase: {allow: [python:3.12-slim]}", "starts from python:3.12;"),
        ("finalBase: {pattern: '-slim$|distroless'}", "matching /-slim$|distroless/"),
        ("copyFrom: true", "copies nothing from an earlier stage"),
        ("nonRootUser: true", "which is root"),
        ("healthcheck: true", "HEALTHCHECK NONE"),
        ("execForm: true", "shell form"),
        ("manifestsFirst: [requirements.txt]", "whole context is copied before requirements.txt"),
        ("cachesCleaned: true", "pip keeps downloaded packages"),
    ])
    func eachStructureFactHoldsForTheGoodFileAndNotForTheNaiveOne(fact: String, why: String) async throws {
        let t = try TestExercise.make(checks: "  - kind: structure\n    \(fact)\n")
        let good = try await t.grade(Self.good, staticOnly: true)
        #expect(good.status("structure") == .pass, "\(fact): \(good.check("structure")?.detail ?? "")")
        let naive = try await t.grade(Self.naive, staticOnly: true)
        let check = try #require(naive.check("structure"))
        #expect(check.status == .fail)
        #expect(check.detail?.contains(why) == true, "\(fact): \(check.detail ?? "")")
        #expect(check.line != nil)
    }

    @Test func theFinalBaseFollowsAStageReference() async throws {
        let t = try TestExercise.make(checks: "  - kind: structure\n    finalBase: {allow: [python:3.12-slim]}\n")
        let report = try await t.grade("FROM python:3.12-slim AS base\nFROM base\nCMD [\"python\"]\n", staticOnly: true)
        #expect(report.status("structure") == .pass)
    }

    @Test func aptWithoutCleaningIsCaughtInTheFinalStageOnly() async throws {
        let t = try TestExercise.make(checks: "  - kind: structure\n    cachesCleaned: true\n")
        let builderOnly = "FROM debian AS b\nRUN apt-get update && apt-get install -y gcc\nFROM debian\nCOPY --from=b /x /x\n"
        #expect(try await t.grade(builderOnly, staticOnly: true).status("structure") == .pass)
        let final = "FROM debian\nRUN apt-get update && apt-get install -y gcc\n"
        let report = try await t.grade(final, staticOnly: true)
        #expect(report.check("structure")?.detail?.contains("/var/lib/apt/lists") == true)
    }

    /// The check reads commands, not text: flags anywhere, `python -m pip`, and a mention
    /// inside a quoted string that runs nothing.
    @Test func cachesAreJudgedByTheCommandsARunRuns() async throws {
        let t = try TestExercise.make(checks: "  - kind: structure\n    cachesCleaned: true\n")
        for (run, passes) in [
            ("apt-get -y install gcc", false),
            ("apt-get -y install gcc && rm -rf /var/lib/apt/lists/*", true),
            ("python3 -m pip install flask", false),
            ("python3 -m pip install --no-cache-dir flask", true),
            ("apk --update add curl", false),
            ("echo 'apt-get install is not run here' > /notes", true),
        ] {
            let report = try await t.grade("FROM debian\nRUN \(run)\n", staticOnly: true)
            #expect((report.status("structure") == .pass) == passes, "\(run): \(report.check("structure")?.detail ?? "")")
        }
    }

    @Test func quizMarksEachWrongAnswerWithItsLessonSection() async throws {
        let t = try TestExercise.make(checks: """
              - kind: quiz
                points: 4
                questions:
                  - {id: pid1, answer: [SIGTERM, sigterm], see: "lesson 12, PID 1"}
                  - {id: layers, answer: "read-only", see: "lesson 1, Layers"}

            """)
        let none = try await t.grade(staticOnly: true)
        #expect(none.check("quiz")?.detail?.contains("no answers yet") == true)
        try "pid1: sigterm\nlayers: writable\n".write(to: t.folder.appendingPathComponent("answers.yaml"), atomically: true, encoding: .utf8)
        let half = try await t.grade(staticOnly: true)
        #expect(half.status("quiz") == .fail)
        #expect(half.check("quiz")?.detail?.contains("1 of 2 right") == true)
        #expect(half.check("quiz")?.detail?.contains("lesson 1, Layers") == true)
        try "pid1: SIGTERM\nlayers: Read-Only\n".write(to: t.folder.appendingPathComponent("answers.yaml"), atomically: true, encoding: .utf8)
        let right = try await t.grade(staticOnly: true)
        #expect(right.status("quiz") == .pass)
        #expect(right.passed)
        #expect(right.points == 4)
    }

    @Test func verifyGradesAQuizSolutionWithTheAnswersBesideIt() async throws {
        let t = try TestExercise.make(checks: """
              - kind: parse
              - kind: quiz
                questions:
                  - {id: kernel, answer: shared}

            """, files: ["answers.yaml": "kernel:\n", "solution/answers.yaml": "kernel: shared\n"])
        try "FROM scratch\n".write(to: t.folder.appendingPathComponent("solution/Dockerfile"), atomically: true, encoding: .utf8)
        var exercise = t.exercise
        exercise.manifest.solution = "solution/Dockerfile"
        let result = await Verifier().verify(exercise)
        #expect(result.starterFailed)
        #expect(result.starterFailingChecks == ["quiz"])
        #expect(result.solutionPassed, "\(result.solutionFailingChecks)")
    }

    @Test func withoutAnEngineTheStaticChecksGradeAndTheRestSayWhy() async throws {
        let t = try TestExercise.make(checks: "  - kind: parse\n    points: 5\n  - kind: build\n    points: 5\n  - kind: user\n    points: 5\n")
        let grader = Grader(makeClient: { session in
            try DockerClient(host: "unix:///nonexistent/docker.sock", session: session)
        })
        let report = try await grader.grade(GradeRequest(exercise: t.exercise, dockerfile: t.folder.appendingPathComponent("Dockerfile"),
                                                         exerciseFolder: t.folder))
        #expect(report.status("parse") == .pass)
        #expect(report.status("build") == .skip)
        #expect(report.check("build")?.detail?.contains("No Docker engine answers") == true)
        #expect(report.check("user")?.detail?.contains("not run") == true)
        #expect(!report.passed)
        #expect(report.points == 5)
        #expect(report.pointsPossible == 15)
        #expect(report.score == 33.33)
    }
}
