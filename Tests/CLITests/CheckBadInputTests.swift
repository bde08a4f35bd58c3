import Foundation
import SystemSupport
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `dockerlings check` against what goes wrong in a learner's hands: a Dockerfile that is
/// missing, empty, binary or does not parse; a build that fails or never ends; a container
/// that never exits or never answers; a port already taken; an engine that goes away or is
/// not there; Ctrl-C in the middle of a build; two checks of one exercise at once.
///
/// Each test grades a tiny course of its own (busybox, sub-second builds) with the real
/// binary. Before the bad input, a passing check records one attempt in a progress database
/// of its own; after it, the test asserts the message (what happened, what to do), the exit
/// status, that the database is intact and holds what it should, and that nothing the grade
/// made is left on the engine.
///
/// Leftovers are attributed without racing other tests: each test imports its own base image
/// carrying the label `dockerlings.test.check-bad-input=<id>`. Every image built FROM it and
/// every container run from those inherits that label, the classic builder's step containers
/// included (which carry no `dockerlings.managed` label). A leftover of this test is then a
/// container with the test's label, or an image with both the test's label and
/// `dockerlings.managed` (the grader's `check-…` session label; the base and the untagged
/// build-cache parents have none).
@Suite struct CheckBadInputTests {
    // MARK: - Missing, empty, binary, unparsable Dockerfiles

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func aMissingDockerfileCannotBeGradedExitsTwoAndNamesThePath() throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        try lab.writeEchoExercise()
        let before = try lab.prefill()

        let missing = lab.root.appendingPathComponent("nowhere/Dockerfile").path
        let result = try lab.check("echo", ["--dockerfile", missing, "--plain"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("There is no Dockerfile at \(missing)"), "\(result)")
        #expect(result.stderr.contains("--dockerfile"), "says how to name another: \(result)")
        #expect(!result.stdout.contains("passed"), "no verdict for what could not be graded: \(result)")
        // Nothing was graded, so nothing was recorded.
        try lab.expectHistory(extending: before, with: [])
        try lab.expectNothingLeft()
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func anEmptyDockerfileIsGradedAndFailsToParse() throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        try lab.writeEchoExercise()
        let before = try lab.prefill()

        for (name, text) in [("empty.Dockerfile", ""), ("blank.Dockerfile", " \n\t\n\r\n")] {
            let file = try lab.write(name, text)
            let result = try lab.check("echo", ["--dockerfile", file.path, "--format", "json"])
            #expect(result.status == 1, "\(name): \(result)")
            let report = try result.report()
            #expect(report["parse"]?.status == "fail")
            #expect(report["parse"]?.detail?.contains("The Dockerfile is empty") == true, "\(name): \(result)")
            #expect(report["parse"]?.detail?.contains("FROM") == true, "says what to write: \(result)")
            #expect(report["build"]?.status == "skip")
            #expect(report["build"]?.detail?.contains("needs a Dockerfile that parses") == true)
            #expect(report["run"]?.status == "skip")
        }
        try lab.expectHistory(extending: before, with: [false, false])
        try lab.expectNothingLeft()
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func aBinaryFileIsNotATextFile() throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        try lab.writeEchoExercise()
        let before = try lab.prefill()

        // An ELF header and zeros, as when a compiled program is saved over the Dockerfile.
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00]
        bytes += [UInt8](repeating: 0, count: 120) + Array("FROM busybox\n".utf8) + [0xFF, 0xFE, 0x00, 0x01]
        let file = lab.root.appendingPathComponent("binary.Dockerfile")
        try Data(bytes).write(to: file)
        let result = try lab.check("echo", ["--dockerfile", file.path, "--format", "json"])
        #expect(result.status == 1, "\(result)")
        let report = try result.report()
        #expect(report["parse"]?.status == "fail")
        #expect(report["parse"]?.detail?.contains("not a text file") == true, "\(result)")
        #expect(report["parse"]?.detail?.contains("plain UTF-8 text") == true, "\(result)")
        #expect(report["lint"]?.status == "skip")
        #expect(report["build"]?.status == "skip")
        try lab.expectHistory(extending: before, with: [false])
        try lab.expectNothingLeft()
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func aDockerfileThatDoesNotParseNamesLineAndColumnAndIsNotBuilt() throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        try lab.writeEchoExercise()
        let before = try lab.prefill()

        let cases: [(text: String, expected: String, line: Int)] = [
            // The parser gives up: a heredoc that never ends.
            ("FROM \(lab.base)\nRUN echo one\nRUN <<EOF\necho two\n", "line 3, column 1: unterminated heredoc", 3),
            // It parses, but BuildKit would refuse an instruction.
            ("FROM \(lab.base)\nRUN echo one\n  FRM two\nCMD [\"cat\", \"/built\"]\n", "line 3, column 3: unknown instruction: FRM", 3),
        ]
        for (index, item) in cases.enumerated() {
            let file = try lab.write("unparsable-\(index).Dockerfile", item.text)
            let result = try lab.check("echo", ["--dockerfile", file.path, "--format", "json"])
            #expect(result.status == 1, "\(result)")
            let report = try result.report()
            #expect(report["parse"]?.status == "fail")
            #expect(report["parse"]?.detail?.contains(item.expected) == true, "\(result)")
            #expect(report["parse"]?.line == item.line)
            // The build needs a Dockerfile that parses; docker is not asked to build it.
            #expect(report["build"]?.status == "skip", "\(result)")
            #expect(report["build"]?.detail?.contains("needs a Dockerfile that parses") == true, "\(result)")
            #expect(report["run"]?.status == "skip")
        }
        try lab.expectHistory(extending: before, with: [false, false])
        try lab.expectNothingLeft()
    }

    // MARK: - Builds that fail or never end

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func aFailingBuildNamesTheLineAndTheExitCode() throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        try lab.writeEchoExercise()
        let before = try lab.prefill()

        for (instruction, code) in [("RUN exit 3", 3), ("RUN false", 1)] {
            let file = try lab.write("failing.Dockerfile", "FROM \(lab.base)\nRUN echo step one\n\(instruction)\nCMD [\"cat\", \"/built\"]\n")
            let result = try lab.check("echo", ["--dockerfile", file.path, "--format", "json"])
            #expect(result.status == 1, "\(result)")
            let report = try result.report()
            #expect(report["parse"]?.status == "pass")
            let build = try #require(report["build"])
            #expect(build.status == "fail")
            #expect(build.line == 3, "\(result)")
            #expect(build.detail?.contains("The build failed at line 3: `\(instruction)` exited with exit code \(code)") == true, "\(result)")
            #expect(build.detail?.contains("Fix that instruction") == true, "\(result)")
            #expect(report["run"]?.status == "skip")
            #expect(report["run"]?.detail?.contains("`build` failed") == true)
        }
        try lab.expectHistory(extending: before, with: [false, false])
        try lab.expectNothingLeft()
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func aBuildThatNeverEndsIsStoppedAtTheManifestsTimeout() throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        try lab.writeEchoExercise()
        let before = try lab.prefill()
        // Only now the tight limit: a loaded machine must not fail the passing build above.
        try lab.writeEchoExercise(buildTimeout: "3s")

        let file = try lab.write("endless.Dockerfile", "FROM \(lab.base)\nRUN sleep 1000\nCMD [\"cat\", \"/built\"]\n")
        let result = try lab.check("echo", ["--dockerfile", file.path, "--format", "json"])
        #expect(result.status == 1, "\(result)")
        #expect(result.seconds >= 3 && result.seconds < 120, "stopped near 3 s: \(result.seconds) s")
        let report = try result.report()
        let build = try #require(report["build"])
        #expect(build.status == "fail")
        #expect(build.detail?.contains("took longer than 3 s and was stopped") == true, "\(result)")
        #expect(build.detail?.contains("raise the time limit") == true, "says what to do: \(result)")
        #expect(report["run"]?.status == "skip")
        try lab.expectHistory(extending: before, with: [false])
        try lab.expectNothingLeft()
    }

    // MARK: - Containers that never exit, never answer; a port already taken

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func aContainerThatNeverExitsFailsTheRunCheckAtItsTimeout() throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        try lab.writeEchoExercise()
        let before = try lab.prefill()
        try lab.writeEchoExercise(runTimeout: "2s")

        let file = try lab.write("sleeper.Dockerfile", "FROM \(lab.base)\nCMD [\"sleep\", \"1000\"]\n")
        let result = try lab.check("echo", ["--dockerfile", file.path, "--format", "json"])
        #expect(result.status == 1, "\(result)")
        #expect(result.seconds >= 2 && result.seconds < 120, "\(result.seconds) s")
        let report = try result.report()
        #expect(report["build"]?.status == "pass")
        let run = try #require(report["run"])
        #expect(run.status == "fail")
        #expect(run.detail?.contains("still running after 2 s and was stopped") == true, "\(result)")
        #expect(run.detail?.contains("does it wait for something?") == true, "\(result)")
        try lab.expectHistory(extending: before, with: [false])
        try lab.expectNothingLeft()
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func anAppThatNeverAnswersFailsTheHTTPCheckWithinItsTimeout() throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        try lab.writeWebExercise()
        let before = try lab.prefill(exercise: "web")
        try lab.writeWebExercise(httpTimeout: "3s")

        let file = try lab.write("silent.Dockerfile", "FROM \(lab.base)\nCMD [\"sleep\", \"1000\"]\n")
        let result = try lab.check("web", ["--dockerfile", file.path, "--format", "json"])
        #expect(result.status == 1, "\(result)")
        #expect(result.seconds >= 3 && result.seconds < 120, "gives up near 3 s: \(result.seconds) s")
        let report = try result.report()
        #expect(report["build"]?.status == "pass")
        let http = try #require(report["http"])
        #expect(http.status == "fail")
        for words in ["never answered GET / on container port 8080", "within 3 s", "listening on 0.0.0.0", "docker logs"] {
            #expect(http.detail?.contains(words) == true, "\(words): \(result)")
        }
        try lab.expectHistory(extending: before, with: [false])
        try lab.expectNothingLeft()
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func aHostPortAlreadyTakenDoesNotMatterTheAppIsPublishedOnAFreeOne() throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        try lab.writeWebExercise()
        let before = try lab.prefill(exercise: "web")

        let holder = try PortHolder(port: 8080)
        defer { holder.close() }
        #expect(holder.isTaken())
        let result = try lab.check("web", ["--plain", "--explain"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("--publish 127.0.0.1::8080"), "the engine picks the host port: \(result)")
        #expect(result.stdout.contains("GET / on port 8080 answered 200"), "\(result)")
        #expect(result.stdout.contains("web: passed"), "\(result)")
        #expect(holder.isTaken(), "the port stayed ours")
        try lab.expectHistory(extending: before, with: [true])
        try lab.expectNothingLeft()
    }

    // MARK: - The engine goes away, or is not there

    /// A docker CLI that builds (and answers `version`), then finds no engine: what a learner
    /// sees when the engine stops between the build and the run. The fake cannot clean up
    /// either, so what the build made stays: no container was ever created (so nothing runs),
    /// and the one image is labelled with the grade's session, which the grader names with the
    /// command that removes it once the engine answers again.
    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func theEngineGoingAwayMidGradeIsSaidAndNothingIsLeftRunning() throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        try lab.writeEchoExercise()
        let before = try lab.prefill()

        let docker = try #require(BadInputDocker.cli, "no docker CLI on PATH")
        let fake = try lab.write("fake-docker", """
            #!/bin/sh
            case "$1" in
              build|version) exec '\(docker)' "$@" ;;
            esac
            echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2
            exit 1

            """)
        _ = chmod(fake.path, 0o755)
        let result = try lab.check("echo", ["--plain"], environment: ["DOCKERLINGS_DOCKER": fake.path])
        #expect(result.status == 1, "graded and not passed: \(result)")
        #expect(result.stdout.contains("✓ The image builds"), "\(result)")
        #expect(result.stdout.contains("No Docker engine answers"), "\(result)")
        #expect(result.stdout.contains("Start one"), "says what to start: \(result)")
        #expect(result.stdout.contains("echo: not passed"), "\(result)")
        try lab.expectHistory(extending: before, with: [false])

        // Nothing runs: the run never reached an engine.
        #expect(try lab.containers().isEmpty)
        // The image the build made stays, labelled with the grade's session; the grader says so.
        let images = try lab.gradedImages()
        #expect(images.count == 1, "\(images)")
        for image in images {
            let session = try lab.docker(["image", "inspect", "--format", "{{index .Config.Labels \"dockerlings.managed\"}}", image])
                .stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(session.hasPrefix("check-"))
            #expect(result.stderr.contains("could not be removed") && result.stderr.contains("label=dockerlings.managed=\(session)"),
                    "names what is left and how to remove it: \(result)")
        }
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func noEngineAtAllGradesTheStaticChecksAndSaysWhatToStart() throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        try lab.writeEchoExercise()
        let before = try lab.prefill()

        let result = try lab.check("echo", ["--plain"], environment: ["DOCKER_HOST": "unix:///nonexistent.sock"])
        #expect(result.status == 1, "\(result)")
        #expect(result.seconds < 120, "\(result.seconds) s")
        let out = result.stdout
        #expect(out.contains("✓ The Dockerfile parses as BuildKit parses it"), "\(result)")
        #expect(out.contains("✓ Lint finds nothing to fix"), "\(result)")
        #expect(out.contains("– The image builds"), "\(result)")
        #expect(out.contains("– The container prints what it should"), "\(result)")
        #expect(out.contains("not run: No Docker engine answers at unix:///nonexistent.sock"), "\(result)")
        #expect(out.contains("Start one") && out.contains("dockerd"), "says what to start: \(result)")
        #expect(out.contains("this attempt cannot pass"), "\(result)")
        #expect(out.contains("echo: not passed — 2/4 points"), "\(result)")
        try lab.expectHistory(extending: before, with: [false])
        try lab.expectNothingLeft()
    }

    // MARK: - Ctrl-C, and two checks at once

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func ctrlCDuringABuildStopsCleansUpAndRecordsNothing() throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        try lab.writeEchoExercise()
        let before = try lab.prefill()

        let file = try lab.write("slow.Dockerfile", "FROM \(lab.base)\nRUN sleep 30\nCMD [\"cat\", \"/built\"]\n")
        let check = try LiveProcess(lab.binary, lab.checkArguments("echo", ["--dockerfile", file.path, "--plain"]),
                                    environment: lab.environment())
        defer { check.kill() }
        #expect(check.waitUntil(seconds: 60) { $0.stderr.contains("RUN sleep 30") }, "the build never started: \(check)")
        // The classic builder's step container is there: the build is really under way (BuildKit's
        // are not listed, so this only waits a little for it).
        _ = BadInputDocker.poll(seconds: 10) { (try? lab.containers().isEmpty == false) ?? false }
        let interrupted = Date()
        check.interrupt()
        let status = check.wait(seconds: 20)
        let took = Date().timeIntervalSince(interrupted)
        #expect(status == 130, "\(check)")
        #expect(took < 60, "exits within seconds of Ctrl-C, not after the build: \(took) s")
        #expect(check.stderr.contains("interrupted: stopping and cleaning up"), "\(check)")
        #expect(check.stderr.contains("interrupted: this attempt was not recorded"), "\(check)")
        #expect(check.stdout.contains("The build was cancelled"), "\(check)")
        // Not the Dockerfile's fault: no verdict against it (and so no hint about it).
        #expect(check.stdout.contains("– The image builds") && !check.stdout.contains("✗ The image builds"), "\(check)")
        #expect(!check.stdout.contains("echo: passed"))
        try lab.expectHistory(extending: before, with: [])
        try lab.expectNothingLeft()
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func twoChecksOfOneExerciseAtOnceTakeTurnsAndBothAreRecorded() throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        // The run takes 2 s, so the first check holds the exercise well after it has begun.
        try lab.writeEchoExercise(command: #"["sh", "-c", "sleep 2; cat /built"]"#)
        let before = try lab.prefill()

        let first = try LiveProcess(lab.binary, lab.checkArguments("echo", ["--plain"]), environment: lab.environment())
        defer { first.kill() }
        // The title is printed once the exercise's lock is held.
        #expect(first.waitUntil(seconds: 60) { $0.stdout.contains("Echo the build (echo)") }, "\(first)")
        let second = try LiveProcess(lab.binary, lab.checkArguments("echo", ["--plain"]), environment: lab.environment())
        defer { second.kill() }
        let firstStatus = first.wait(seconds: 120)
        let secondStatus = second.wait(seconds: 120)
        #expect(firstStatus == 0, "\(first)")
        #expect(secondStatus == 0, "\(second)")
        #expect(first.stdout.contains("echo: passed — 4/4 points"), "\(first)")
        #expect(second.stdout.contains("echo: passed — 4/4 points"), "\(second)")
        #expect(second.stderr.contains("waiting: another `dockerlings check` of echo is running (pid \(first.pid))"), "\(second)")
        #expect(!first.stderr.contains("waiting:"), "\(first)")
        try lab.expectHistory(extending: before, with: [true, true])
        try lab.expectNothingLeft()
    }
}

// MARK: - One test's course, base image and database

/// A course in a temporary folder, a busybox base image only this test uses, a progress
/// database pre-filled by a passing check, and the binary to grade with.
private final class Lab: Sendable {
    static let labelKey = "dockerlings.test.check-bad-input"
    static let learner = "learner@example.com"

    let binary = RepoPaths.product("dockerlings")
    let id: String
    let root: URL
    let course: URL
    let db: URL
    /// The base image's tag.
    let base: String

    var label: String { "\(Self.labelKey)=\(id)" }

    init() throws {
        id = UUID().uuidString.prefix(8).lowercased()
        root = try RepoPaths.temporaryDirectory("check-bad-input")
        course = root.appendingPathComponent("course")
        db = root.appendingPathComponent("progress.sqlite")
        base = "dockerlings-check-bad-input:\(id)"
        try importBase()
    }

    /// Debian's static busybox with a few applets and a page for httpd, `docker import`ed
    /// under the test's label.
    private func importBase() throws {
        let rootfs = root.appendingPathComponent("rootfs")
        let bin = rootfs.appendingPathComponent("bin")
        let fm = FileManager.default
        try fm.createDirectory(at: bin, withIntermediateDirectories: true)
        try fm.createDirectory(at: rootfs.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        try fm.createDirectory(at: rootfs.appendingPathComponent("www"), withIntermediateDirectories: true)
        try fm.copyItem(atPath: "/bin/busybox", toPath: bin.appendingPathComponent("busybox").path)
        for applet in ["sh", "cat", "echo", "sleep", "true", "false", "httpd"] {
            try fm.createSymbolicLink(atPath: bin.appendingPathComponent(applet).path, withDestinationPath: "busybox")
        }
        try "hello from the check-bad-input base\n".write(to: rootfs.appendingPathComponent("www/index.html"), atomically: true, encoding: .utf8)
        let tarball = root.appendingPathComponent("rootfs.tar")
        let tar = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["tar", "-C", rootfs.path, "-cf", tarball.path, "."])
        guard tar.status == 0 else { throw LabError("tar: \(tar.stderrText)") }
        let imported = try docker(["import", "--change", "LABEL \(label)", tarball.path, base])
        guard imported.status == 0 else { throw LabError("docker import: \(imported.stderrText)") }
        try? fm.removeItem(at: rootfs)
        try? fm.removeItem(at: tarball)
    }

    // MARK: Exercises

    /// `echo`: builds a file and prints it. parse, lint, build, run (4 points).
    func writeEchoExercise(buildTimeout: String = "120s", runTimeout: String = "60s",
                           command: String = #"["cat", "/built"]"#) throws {
        try writeExercise("echo", title: "Echo the build", buildTimeout: buildTimeout,
                          dockerfile: "FROM \(base)\nRUN echo built > /built\nCMD \(command)\n",
                          checks: """
                            - id: parse
                              kind: parse
                              points: 1
                            - id: lint
                              kind: lint
                              level: warning
                              points: 1
                            - id: build
                              kind: build
                              points: 1
                            - id: run
                              kind: run
                              stdout: {exact: built}
                              timeout: \(runTimeout)
                              points: 1
                          """)
    }

    /// `web`: busybox httpd on port 8080. parse, build, http (3 points).
    func writeWebExercise(httpTimeout: String = "60s") throws {
        try writeExercise("web", title: "Serve a page", buildTimeout: "120s",
                          dockerfile: "FROM \(base)\nCMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n",
                          checks: """
                            - id: parse
                              kind: parse
                              points: 1
                            - id: build
                              kind: build
                              points: 1
                            - id: http
                              kind: http
                              port: 8080
                              path: /
                              status: 200
                              body: {contains: "hello from the check-bad-input base"}
                              timeout: \(httpTimeout)
                              points: 1
                          """)
    }

    private func writeExercise(_ exercise: String, title: String, buildTimeout: String, dockerfile: String, checks: String) throws {
        let folder = course.appendingPathComponent("Exercises/\(exercise)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("solution"), withIntermediateDirectories: true)
        let manifest = """
            schema: 1
            id: \(exercise)
            title: \(title)
            build:
              timeout: \(buildTimeout)
            checks:
            \(checks)

            """
        try manifest.write(to: folder.appendingPathComponent("exercise.yaml"), atomically: true, encoding: .utf8)
        try dockerfile.write(to: folder.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        try dockerfile.write(to: folder.appendingPathComponent("solution/Dockerfile"), atomically: true, encoding: .utf8)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let url = root.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    // MARK: Running the binary

    func environment(_ overrides: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["DOCKERLINGS_DB", "DOCKERLINGS_COURSE", "NO_COLOR"] { env[key] = nil }
        env.merge(overrides) { _, new in new }
        return env
    }

    func checkArguments(_ exercise: String, _ extra: [String]) -> [String] {
        ["check", exercise, "--course", course.path, "--db", db.path, "--learner", Self.learner] + extra
    }

    func check(_ exercise: String, _ extra: [String], environment overrides: [String: String] = [:]) throws -> CheckRun {
        let started = Date()
        let result = try runProcess(binary, checkArguments(exercise, extra), environment: environment(overrides), currentDirectory: root)
        return CheckRun(status: result.status, stdout: result.stdoutText, stderr: result.stderrText,
                        seconds: Date().timeIntervalSince(started))
    }

    /// Grades the exercise as it stands (it passes) and returns the database's attempts.
    func prefill(exercise: String = "echo") throws -> [Attempt] {
        let result = try check(exercise, ["--format", "json"])
        guard result.status == 0 else { throw LabError("the passing check before the bad input did not pass: \(result)") }
        let history = try history()
        guard history.intact, history.count == 1 else { throw LabError("after one passing check: \(history)") }
        return history.attempts ?? []
    }

    // MARK: The progress database

    struct Attempt: Equatable, CustomStringConvertible {
        var seq: Int
        var exercise: String
        var passed: Bool
        var hash: String
        var description: String { "#\(seq) \(exercise) \(passed ? "passed" : "not passed") \(hash.prefix(8))" }
    }

    struct History: CustomStringConvertible {
        var intact: Bool
        var count: Int
        var problems: [String]
        /// Read with sqlite3 when it is installed.
        var attempts: [Attempt]?
        var description: String { "intact \(intact), \(count) attempts \(attempts.map { "\($0)" } ?? "") \(problems)" }
    }

    /// What the binary says of the history (`progress --verify`), and the rows as sqlite3 reads them.
    func history() throws -> History {
        let verify = try runProcess(binary, ["progress", "--db", db.path, "--learner", Self.learner, "--verify", "--format", "json"],
                                    environment: environment(), currentDirectory: root)
        struct Verified: Decodable { var intact: Bool; var attempts: Int; var problems: [String] }
        guard let verified = try? JSONDecoder().decode(Verified.self, from: verify.stdout) else {
            throw LabError("progress --verify: status \(verify.status): \(verify.stdoutText) \(verify.stderrText)")
        }
        var attempts: [Attempt]?
        if let sqlite = BadInputDocker.find("sqlite3") {
            let rows = try runProcess(URL(fileURLWithPath: sqlite),
                                      ["-separator", "|", db.path, "SELECT seq, exerciseID, passed, hash FROM attempt ORDER BY seq"])
            if rows.status == 0 {
                attempts = rows.stdoutText.split(separator: "\n").compactMap { line in
                    let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                    guard f.count == 4, let seq = Int(f[0]) else { return nil }
                    return Attempt(seq: seq, exercise: f[1], passed: f[2] == "1", hash: f[3])
                }
            }
        }
        return History(intact: verified.intact, count: verified.attempts, problems: verified.problems, attempts: attempts)
    }

    /// The history verifies, the earlier attempts are untouched, and the new ones are these
    /// (passed or not), in order.
    func expectHistory(extending before: [Attempt], with added: [Bool], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let now = try history()
        #expect(now.intact, "\(now)", sourceLocation: sourceLocation)
        #expect(now.count == 1 + added.count, "\(now)", sourceLocation: sourceLocation)
        guard let attempts = now.attempts else { return }
        #expect(Array(attempts.prefix(before.count)) == before, "the earlier attempt is untouched: \(now)", sourceLocation: sourceLocation)
        #expect(attempts.dropFirst(before.count).map(\.passed) == added, "\(now)", sourceLocation: sourceLocation)
    }

    // MARK: The engine

    func docker(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["docker"] + arguments)
    }

    private func lines(_ result: ProcessResult) -> [String] {
        result.stdoutText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Every container of this test: run from its base or anything built on it, build steps included.
    func containers() throws -> [String] {
        lines(try docker(["ps", "--all", "--no-trunc", "--filter", "label=\(label)", "--format", "{{.ID}} {{.Status}} {{.Label \"dockerlings.managed\"}}"]))
    }

    /// This test's containers the grader labelled (`dockerlings.managed=check-…`).
    func gradedContainers() throws -> [String] {
        lines(try docker(["ps", "--all", "--no-trunc", "--filter", "label=\(label)", "--filter", "label=dockerlings.managed",
                          "--format", "{{.ID}} {{.Status}} {{.Label \"dockerlings.managed\"}}"]))
    }

    /// This test's images the grader labelled (the base and the build cache carry no such label).
    func gradedImages() throws -> [String] {
        lines(try docker(["images", "--all", "--quiet", "--no-trunc", "--filter", "label=\(label)", "--filter", "label=dockerlings.managed"]))
    }

    /// Nothing the grade made is left when the check exits: no labelled container or image,
    /// and no container of this test at all (a stopped build's step container included: the
    /// classic builder's carries no grader label, and the engine may still be tearing it down).
    func expectNothingLeft(sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try gradedContainers().isEmpty, "labelled containers left", sourceLocation: sourceLocation)
        #expect(try gradedImages().isEmpty, "labelled images left", sourceLocation: sourceLocation)
        let atExit = try containers()
        #expect(atExit.isEmpty, "containers at exit: \(atExit)", sourceLocation: sourceLocation)
    }

    /// Removes the test's containers and images (the grader's leftovers if any, the build
    /// cache, the base) and the temporary folder.
    func tearDown() {
        let ids = (try? docker(["ps", "--all", "--quiet", "--filter", "label=\(label)"])).map(lines) ?? []
        if !ids.isEmpty { _ = try? docker(["rm", "--force", "--volumes"] + ids) }
        // Newest first, so children go before their parents; a few rounds for what remains.
        for _ in 0..<5 {
            let images = (try? docker(["images", "--all", "--quiet", "--no-trunc", "--filter", "label=\(label)"])).map(lines) ?? []
            if images.isEmpty { break }
            _ = try? docker(["image", "rm", "--force"] + images)
        }
        _ = try? docker(["image", "rm", "--force", base])
        try? FileManager.default.removeItem(at: root)
    }
}

private struct LabError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One finished `dockerlings check`.
private struct CheckRun: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var seconds: Double

    var description: String { "exit \(status) after \(String(format: "%.1f", seconds)) s\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }

    struct Check: Decodable {
        var id: String
        var status: String
        var detail: String?
        var line: Int?
    }

    /// The checks of `--format json`, by id.
    func report() throws -> [String: Check] {
        struct Document: Decodable { var passed: Bool; var checks: [Check] }
        let document = try JSONDecoder().decode(Document.self, from: Data(stdout.utf8))
        return Dictionary(document.checks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

private enum BadInputDocker {
    /// The docker CLI the grader would run.
    static var cli: String? {
        if let explicit = ProcessInfo.processInfo.environment["DOCKERLINGS_DOCKER"], !explicit.isEmpty {
            return explicit.contains("/") ? explicit : find(explicit)
        }
        return find("docker")
    }

    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Polls `condition` every 100 ms until it holds or `seconds` pass.
    static func poll(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if condition() { return true }
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }
}

// MARK: - A process watched while it runs

/// A child process whose output can be read while it runs, interrupted with SIGINT as
/// Ctrl-C would, and waited for with a limit.
private final class LiveProcess: @unchecked Sendable, CustomStringConvertible {
    private let process: ChildProcess
    private let output: ChildOutputReader
    private var status: Int32?

    init(_ executable: URL, _ arguments: [String], environment: [String: String]) throws {
        process = try ChildProcess.launch(executable.path, arguments, environment: environment)
        output = process.readOutput()
    }

    var pid: Int32 { process.pid }
    var stdout: String { String(decoding: output.stdout, as: UTF8.self) }
    var stderr: String { String(decoding: output.stderr, as: UTF8.self) }

    func waitUntil(seconds: Double, _ condition: (LiveProcess) -> Bool) -> Bool {
        BadInputDocker.poll(seconds: seconds) { condition(self) || !process.isRunning }
            && condition(self)
    }

    func interrupt() { process.send(SIGINT) }

    /// The exit status, or nil when it did not exit in time (it is then killed).
    func wait(seconds: Double) -> Int32? {
        if let status { return status }
        guard let code = process.wait(timeout: .milliseconds(Int64(seconds * 1000))) else {
            kill()
            return nil
        }
        output.wait(timeout: .seconds(10))
        status = code
        return status
    }

    /// SIGKILL if still running (a test that failed half-way must not leave it behind).
    func kill() {
        process.send(SIGKILL)
    }

    var description: String {
        "status \(status.map(String.init) ?? "running")\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)"
    }
}

// MARK: - A port held open

/// Holds 127.0.0.1:PORT with a listening socket for the length of a test. If something else
/// holds it already, it is taken all the same, which is what the test needs.
private final class PortHolder: @unchecked Sendable {
    let port: UInt16
    private var descriptor: Int32 = -1

    init(port: UInt16) throws {
        self.port = port
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw LabError("socket: errno \(errno)") }
        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if bound == 0, listen(fd, 16) == 0 {
            descriptor = fd
        } else {
            let code = errno
            _ = closeDescriptor(fd)
            guard code == EADDRINUSE else { throw LabError("bind 127.0.0.1:\(port): errno \(code)") }
        }
    }

    /// Whether binding the port now fails (as it must while it is held).
    func isTaken() -> Bool {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { _ = closeDescriptor(fd) }
        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound != 0 && errno == EADDRINUSE
    }

    func close() {
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
        descriptor = -1
    }
}

private func closeDescriptor(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(fd)
    #else
    Darwin.close(fd)
    #endif
}
