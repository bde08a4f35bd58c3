import Course
import DockerEngine
import Foundation
import ProgressStore
import Testing
import TestSupport

/// The checks that need the engine, each with a passing and a failing Dockerfile, built
/// for real on a busybox base. Every grade is also checked to leave nothing behind.
@Suite(.enabled(if: DockerTestEngine.shouldRun)) struct EngineCheckTests {
    let base: String

    init() throws { base = try BusyboxBase.image() }

    @Test func buildPassesAndAFailedStepNamesItsLineAndOutput() async throws {
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: run\n    stdout: hi\n")
        let good = try await t.grade("FROM \(base)\nRUN echo built > /b\nCMD [\"echo\", \"hi\"]\n")
        #expect(good.status("build") == .pass)
        #expect(good.passed)
        let bad = try await t.grade("FROM \(base)\nRUN echo fine\nRUN echo about to fail && exit 3\nCMD [\"echo\", \"hi\"]\n")
        let build = try #require(bad.check("build"))
        #expect(build.status == .fail)
        #expect(build.line == 3)
        #expect(build.detail?.contains("line 3") == true)
        #expect(build.detail?.contains("about to fail") == true)
        #expect(bad.check("run")?.status == .skip)
        #expect(bad.check("run")?.detail?.contains("`build` failed") == true)
    }

    @Test func sizeAgainstTheBaselineGivesBothSizesAndTheRatio() async throws {
        // The baseline carries 8 MB the multi-stage answer leaves in its builder.
        let baseline = "FROM \(base)\nRUN dd if=/dev/zero of=/junk bs=1M count=8 && echo artifact > /artifact\n"
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: size\n    maxFraction: 0.5\n", baseline: baseline)
        let good = try await t.grade("FROM \(base) AS b\nRUN dd if=/dev/zero of=/junk bs=1M count=8 && echo artifact > /artifact\nFROM \(base)\nCOPY --from=b /artifact /artifact\n")
        let size = try #require(good.check("size"))
        #expect(size.status == .pass, "\(size.detail ?? "")")
        #expect(size.detail?.contains("baseline") == true)
        #expect(size.detail?.contains("of the baseline") == true)
        let image = try #require(good.metrics.imageBytes), base = try #require(good.metrics.baselineBytes)
        #expect(image * 2 < base)
        let bad = try await t.grade(baseline)
        #expect(bad.status("size") == .fail)
        #expect(bad.check("size")?.detail?.contains("at most 50%") == true)
    }

    @Test func sizeAbsoluteCap() async throws {
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: size\n    maxBytes: 5MB\n")
        #expect(try await t.grade("FROM \(base)\nRUN echo small > /s\n").status("size") == .pass)
        let bad = try await t.grade("FROM \(base)\nRUN dd if=/dev/zero of=/junk bs=1M count=6\n")
        #expect(bad.status("size") == .fail)
        #expect(bad.check("size")?.detail?.contains("over the cap") == true)
    }

    @Test func layersTieWasteToTheLineThatMadeIt() async throws {
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: layers\n    maxWasted: 1MB\n")
        let good = try await t.grade("FROM \(base)\nRUN dd if=/dev/zero of=/tmp/x bs=1M count=3 && rm /tmp/x\n")
        #expect(good.status("layers") == .pass)
        let bad = try await t.grade("FROM \(base)\nRUN dd if=/dev/zero of=/tmp/x bs=1M count=3\nRUN rm /tmp/x\n")
        let layers = try #require(bad.check("layers"))
        #expect(layers.status == .fail)
        #expect(layers.line == 2)
        #expect(layers.detail?.contains("line 2: RUN dd") == true)
    }

    @Test func layersNameAPackageCacheAndTheRuleAboutIt() async throws {
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: layers\n")
        let bad = try await t.grade("FROM \(base)\nRUN mkdir -p /var/lib/apt/lists && dd if=/dev/zero of=/var/lib/apt/lists/pkgs bs=1M count=2\n")
        let detail = try #require(bad.check("layers")?.detail)
        #expect(detail.contains("line 2:"))
        #expect(detail.contains("/var/lib/apt/lists"))
        #expect(detail.contains("see DL3009"))
        // Deleted by a later layer: counted once, as a deleted file, not again as a cache.
        let later = try await t.grade("FROM \(base)\nRUN mkdir -p /var/lib/apt/lists && dd if=/dev/zero of=/var/lib/apt/lists/pkgs bs=1M count=2\nRUN rm -rf /var/lib/apt/lists/pkgs\n")
        let once = try #require(later.check("layers")?.detail)
        #expect(once.hasPrefix("2.1 MB wasted"), "\(once)")
        #expect(once.contains("that a later layer deletes"))
    }

    @Test func secretLooksInTheConfigTheHistoryAndEveryLayer() async throws {
        let token = "dl-test-token-55aa"
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: secret\n    token: \(token)\n",
                                      extra: "build:\n  args:\n    API_TOKEN: \(token)\n")
        // Used in a builder stage only: the final image never saw it.
        let good = try await t.grade("FROM \(base) AS build\nARG API_TOKEN\nRUN echo \"$API_TOKEN\" | wc -c > /len\nFROM \(base)\nCOPY --from=build /len /len\n")
        #expect(good.status("secret") == .pass, "\(good.check("secret")?.detail ?? "")")
        let env = try await t.grade("FROM \(base)\nARG API_TOKEN\nENV TOKEN=$API_TOKEN\n")
        #expect(env.check("secret")?.detail?.contains("ENV TOKEN") == true, "\(env.check("secret")?.detail ?? "")")
        #expect(env.check("secret")?.line == 3)
        // The classic builder records a RUN's build arguments in the history; the file stays in its layer.
        let deleted = try await t.grade("FROM \(base)\nARG API_TOKEN\nRUN echo \"$API_TOKEN\" > /token\nRUN rm /token\n")
        let detail = try #require(deleted.check("secret")?.detail)
        #expect(detail.contains("the history"))
        #expect(detail.contains("files of a layer"))
        #expect(!detail.contains(token), "the report must not print the token itself")
        // Only in a layer's files: copied from a builder stage.
        let copied = try await t.grade("FROM \(base) AS build\nARG API_TOKEN\nRUN echo \"$API_TOKEN\" > /token\nFROM \(base)\nCOPY --from=build /token /token\n")
        let only = try #require(copied.check("secret")?.detail)
        #expect(only.contains("files of a layer") && !only.contains("history"), "\(only)")
    }

    @Test func runComparesOutputAndExitCode() async throws {
        let t = try TestExercise.make(checks: """
              - kind: build
              - kind: run
                args: [Goodbye]
                stdout: {exact: Goodbye}
              - kind: run
                id: default
                stdout: {pattern: "^Hello"}

            """)
        let good = try await t.grade("FROM \(base)\nENTRYPOINT [\"echo\"]\nCMD [\"Hello\"]\n")
        #expect(good.status("run") == .pass)
        #expect(good.status("default") == .pass)
        let bad = try await t.grade("FROM \(base)\nCMD [\"echo\", \"Hello\"]\n")
        #expect(bad.status("default") == .pass)
        // Without an ENTRYPOINT, "Goodbye" replaces CMD and is not a program.
        #expect(bad.status("run") == .fail)
        #expect(bad.check("run")?.detail?.contains("exited with") == true)
    }

    @Test func runThatNeverEndsIsStoppedAtItsTimeout() async throws {
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: run\n    timeout: 2s\n")
        let started = Date()
        let report = try await t.grade("FROM \(base)\nCMD [\"sleep\", \"1000\"]\n")
        #expect(report.status("run") == .fail)
        #expect(report.check("run")?.detail?.contains("still running after 2 s") == true)
        // Far from the 1000 s the process would take (the bound is loose: a loaded engine is slow).
        #expect(Date().timeIntervalSince(started) < 300)
    }

    /// The test engine (docker.io 20.10) builds with the classic builder, which reads a
    /// heredoc's body as instructions: the failure says why and what to write instead.
    @Test func aHeredocOnTheClassicBuilderIsExplained() async throws {
        let t = try TestExercise.make(checks: "  - kind: build\n")
        let report = try await t.grade("FROM \(base)\nRUN <<EOT\nset -e\necho hi > /hi\nEOT\nCMD [\"cat\", \"/hi\"]\n")
        let build = try #require(report.check("build"))
        #expect(build.status == .fail)
        #expect(build.detail?.contains("classic builder, which has no heredocs") == true, "\(build.detail ?? "")")
        // Any other failed build says nothing about heredocs.
        let other = try await t.grade("FROM \(base)\nRUN exit 3\n")
        #expect(other.check("build")?.detail?.contains("heredoc") == false)
    }

    /// `solution`'s sizes: the image is built and measured, no check runs (no container is
    /// ever started: the build's own steps here only create them), and nothing is left
    /// behind; a Dockerfile that does not build has no size.
    @Test func measuringAnImageBuildsItAndRunsNoCheck() async throws {
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: run\n    timeout: 60s\n",
                                      files: ["blob.txt": String(repeating: "x", count: 300_000)])
        let dockerfile = t.folder.appendingPathComponent("Dockerfile")
        let session = "test-" + UUID().uuidString.prefix(8).lowercased()
        let grader = Grader(makeClient: { _ in try DockerClient(session: session) })
        let since = String(Int(Date().timeIntervalSince1970) - 1)
        try "FROM \(base)\nCOPY blob.txt /\nCMD [\"sleep\", \"1000\"]\n".write(to: dockerfile, atomically: true, encoding: .utf8)
        let bytes = try #require(await grader.measureImage(GradeRequest(exercise: t.exercise, dockerfile: dockerfile, exerciseFolder: t.folder)))
        // The base plus the 300,000 bytes copied in.
        #expect(bytes > 300_000, "\(bytes)")
        let until = String(Int(Date().timeIntervalSince1970) + 1)
        let events = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), [
            "docker", "events", "--since", since, "--until", until, "--filter", "type=container", "--filter", "event=start",
            "--filter", "label=\(DockerClient.labelKey)=\(session)", "--format", "{{.Action}} {{.From}}"])
        #expect(events.status == 0 && events.stdoutText.isEmpty, "no container started: \(events.stdoutText)")
        let left = try await DockerClient(session: session).labelled()
        #expect(left.containers.isEmpty && left.images.isEmpty)

        try "FROM \(base)\nRUN exit 3\n".write(to: dockerfile, atomically: true, encoding: .utf8)
        #expect(await grader.measureImage(GradeRequest(exercise: t.exercise, dockerfile: dockerfile, exerciseFolder: t.folder)) == nil)
        #expect(try await DockerClient(session: session).labelled().images.isEmpty)
    }

    static let server = "FROM BASE\nRUN echo 'Hello from Docker!' > /www/index.html\nEXPOSE 8080\nCMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n"

    @Test func httpGetsTheBodyOnAPublishedPort() async throws {
        let t = try TestExercise.make(checks: """
              - kind: build
              - kind: http
                port: 8080
                body: {contains: "Hello from Docker!"}
                timeout: 20s

            """)
        let good = try await t.grade(Self.server.replacingOccurrences(of: "BASE", with: base))
        #expect(good.status("http") == .pass, "\(good.check("http")?.detail ?? "")")
        let wrong = try await t.grade(Self.server.replacingOccurrences(of: "BASE", with: base).replacingOccurrences(of: "Hello from Docker!", with: "Bye"))
        #expect(wrong.status("http") == .fail)
        #expect(wrong.check("http")?.detail?.contains("expected \"Hello from Docker!\"") == true)
    }

    @Test func httpThatNeverAnswersFailsWithinItsBound() async throws {
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: http\n    port: 8080\n    timeout: 3s\n")
        let started = Date()
        let report = try await t.grade("FROM \(base)\nCMD [\"sleep\", \"1000\"]\n")
        #expect(report.status("http") == .fail)
        #expect(report.check("http")?.detail?.contains("0.0.0.0") == true)
        #expect(report.check("http")?.detail?.contains("within 3 s") == true)
        #expect(Date().timeIntervalSince(started) < 300)
    }

    @Test func healthWaitsForHealthyAndNamesAnUnhealthyProbe() async throws {
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: health\n    timeout: 20s\n")
        let good = try await t.grade("FROM \(base)\nHEALTHCHECK --interval=30s CMD [\"true\"]\nCMD [\"sleep\", \"1000\"]\n")
        #expect(good.status("health") == .pass, "\(good.check("health")?.detail ?? "")")
        let none = try await t.grade("FROM \(base)\nCMD [\"sleep\", \"1000\"]\n")
        #expect(none.check("health")?.detail?.contains("no HEALTHCHECK") == true)
        let sick = try await t.grade("FROM \(base)\nHEALTHCHECK --retries=1 CMD [\"sh\", \"-c\", \"echo not ready; exit 1\"]\nCMD [\"sleep\", \"1000\"]\n")
        #expect(sick.status("health") == .fail)
        #expect(sick.check("health")?.detail?.contains("not ready") == true)
    }

    @Test func userAsksTheRunningContainer() async throws {
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: user\n")
        let good = try await t.grade("FROM \(base)\nUSER 65534\nCMD [\"sleep\", \"1000\"]\n")
        #expect(good.status("user") == .pass)
        #expect(good.check("user")?.detail?.contains("65534") == true)
        let root = try await t.grade("FROM \(base)\nCMD [\"sleep\", \"1000\"]\n")
        #expect(root.status("user") == .fail)
        #expect(root.check("user")?.detail?.contains("root") == true)
    }

    @Test func signalTimesDockerStop() async throws {
        // The bounds are far apart (a machine under load slows docker stop itself).
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: signal\n    grace: 10\n    within: 8\n")
        // The shell's `wait` returns as soon as the trap has run: the app exits at once.
        let good = try await t.grade("FROM \(base)\nCMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; sleep 1000 & wait\"]\n")
        #expect(good.status("signal") == .pass, "\(good.check("signal")?.detail ?? "")")
        // An app that sets its handler a second after it starts still stops at once: the
        // check lets it settle (2 s by default) before it stops it.
        let slow = try await t.grade("FROM \(base)\nCMD [\"sh\", \"-c\", \"sleep 1; trap 'exit 0' TERM; sleep 1000 & wait\"]\n")
        #expect(slow.status("signal") == .pass, "\(slow.check("signal")?.detail ?? "")")
        // sleep as PID 1 has no SIGTERM handler: the kernel ignores the signal for PID 1.
        let bad = try await t.grade("FROM \(base)\nCMD [\"sleep\", \"1000\"]\n")
        #expect(bad.status("signal") == .fail)
        #expect(bad.check("signal")?.detail?.contains("exit code 137") == true)
    }

    @Test func cacheRequiresTheDependencyStepReused() async throws {
        let files = ["deps.txt": "flask==3.0.2\n", "app.txt": "print('hi')\n"]
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: cache\n    change: app.txt\n    reused: cat /deps.txt\n", files: files)
        let good = try await t.grade("FROM \(base)\nCOPY deps.txt /deps.txt\nRUN cat /deps.txt > /installed\nCOPY app.txt /app.txt\n")
        #expect(good.status("cache") == .pass, "\(good.check("cache")?.detail ?? "")")
        let bad = try await t.grade("FROM \(base)\nCOPY . /src\nRUN cp /src/deps.txt /deps.txt && cat /deps.txt > /installed\n")
        #expect(bad.status("cache") == .fail)
        // Graded again: the first grade's changed layers are in the cache, yet the check still fails.
        #expect(try await t.grade().status("cache") == .fail)
        #expect(bad.check("cache")?.detail?.contains("ran again") == true)
        // The learner's own file is untouched.
        #expect(try String(contentsOf: t.folder.appendingPathComponent("app.txt"), encoding: .utf8) == "print('hi')\n")
    }

    /// The rebuild's own steps (from the changed file on) are never reused, so they must not
    /// stay; the learner's steps stay, as the cache a re-check or their own rebuild reuses.
    @Test func cacheGradesLeaveTheLearnersCacheAndNothingMore() async throws {
        // Images built on this root inherit its label, so its client counts every image the
        // grades make on it (unnamed intermediate ones too) and no other test's.
        let root = try DockerClient(session: "test-" + UUID().uuidString.prefix(8).lowercased())
        let rootContext = try RepoPaths.temporaryDirectory("cache-root")
        defer { try? FileManager.default.removeItem(at: rootContext) }
        try "FROM \(base)\n".write(to: rootContext.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        let rootTag = "dockerlings-test-cacheroot:\(root.session)"
        _ = try await root.build(BuildRequest(contextDirectory: rootContext, tag: rootTag, networkNone: true))
        let files = ["deps.txt": "flask==3.0.2\n", "app.txt": "print('hi')\n"]
        let t = try TestExercise.make(checks: "  - kind: build\n  - kind: cache\n    change: app.txt\n    reused: cat /deps.txt\n", files: files)
        let dockerfile = "FROM \(rootTag)\nCOPY deps.txt /deps.txt\nRUN cat /deps.txt > /installed\nCOPY app.txt /app.txt\nEXPOSE 8080\nCMD [\"cat\", \"/app.txt\"]\n"
        #expect(try await t.grade(dockerfile).status("cache") == .pass)
        let afterFirst = try await root.labelled().images
        // The root and one image per step of the learner's build.
        #expect(afterFirst.count == 1 + 5, "\(afterFirst.count) images")
        #expect(try await t.grade().status("cache") == .pass)
        #expect(try await root.labelled().images == afterFirst, "a second grade left more")
        _ = try await root.cleanUp()
    }

    @Test func theReportCarriesPointsKindsAndMetrics() async throws {
        let t = try TestExercise.make(checks: "  - kind: parse\n    points: 2\n  - kind: build\n    points: 3\n  - kind: size\n    maxBytes: 1KB\n    points: 5\n")
        let report = try await t.grade("FROM \(base)\nRUN echo x > /x\n")
        #expect(report.checks.map(\.kind) == ["parse", "build", "size"])
        #expect(report.points == 5)
        #expect(report.pointsPossible == 10)
        #expect(report.score == 50)
        #expect(!report.passed)
        #expect(report.metrics.imageBytes != nil)
        #expect(report.metrics.layers != nil)
        #expect(report.metrics.buildSeconds != nil)
    }
}
