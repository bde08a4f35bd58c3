import Course
import DockerEngine
import Foundation
import ProgressStore
import SystemSupport
import Testing
import TestSupport

/// `dockerlings regrade` as an instructor runs it, on real engines: a class re-graded with
/// --jobs 2 on a second dockerd this test starts (a forged claim flagged, a tampered bundle
/// refused), then that engine stopped mid-run and its job graded again on the host's engine,
/// and Ctrl-C in the middle of a build. A course of one busybox exercise keeps it quick.
@Suite(.enabled(if: DockerTestEngine.shouldRun), .serialized) struct RegradeCommandTests {
    let binary = RepoPaths.product("dockerlings")
    let key = "class-of-2026"

    /// `hello-box`: parse 10, build 30, run 60 (prints hello).
    static func course(in dir: URL) throws -> URL {
        let folder = dir.appendingPathComponent("course/Exercises/hello-box")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            schema: 1
            id: hello-box
            title: Say hello from busybox
            order: 10
            build: {network: none, timeout: 120s}
            checks:
              - {id: parse, kind: parse, points: 10}
              - {id: build, kind: build, points: 30}
              - id: run
                kind: run
                stdout: {contains: hello}
                exitCode: 0
                timeout: 30s
                points: 60
            """.write(to: folder.appendingPathComponent("exercise.yaml"), atomically: true, encoding: .utf8)
        try "FROM \(BusyboxBase.tag)\n".write(to: folder.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("solution"), withIntermediateDirectories: true)
        try "FROM \(BusyboxBase.tag)\nCMD [\"echo\", \"hello\"]\n"
            .write(to: folder.appendingPathComponent("solution/Dockerfile"), atomically: true, encoding: .utf8)
        return dir.appendingPathComponent("course")
    }

    /// What a learner's machine says it found; `run` decides the rest.
    static func claim(build: Bool = true, run: Bool) -> GradeReport {
        let checks: [GradeReport.Check] = [
            .init(id: "parse", title: "parses", status: .pass, points: 10, pointsPossible: 10),
            .init(id: "build", title: "builds", status: build ? .pass : .fail, points: build ? 30 : 0, pointsPossible: 30),
            .init(id: "run", title: "runs", status: run ? .pass : (build ? .fail : .skip), points: run ? 60 : 0, pointsPossible: 60),
        ]
        return GradeReport(checks: checks, points: checks.reduce(0) { $0 + ($1.points ?? 0) }, pointsPossible: 100)
    }

    /// A learner's signed bundle holding these attempts, as `submit --key` writes it.
    func bundle(_ id: String, _ attempts: [(dockerfile: String, claim: GradeReport)], in dir: URL) throws -> URL {
        let store = try ProgressStore.open(at: dir.appendingPathComponent("\(id).sqlite"))
        let learner = Learner(id: id, name: id)
        for (index, attempt) in attempts.enumerated() {
            let at = Date(timeIntervalSince1970: 1_800_000_000 + Double(index) * 60)
            try store.record(NewAttempt(exerciseID: "hello-box", startedAt: at, finishedAt: at.addingTimeInterval(5),
                                        report: attempt.claim, dockerfile: attempt.dockerfile, toolVersion: "0.1.0"), by: learner)
        }
        let url = dir.appendingPathComponent("\(id).bundle.json")
        try store.makeBundle(for: learner, key: Data(key.utf8), toolVersion: "0.1.0").write(to: url)
        return url
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    /// Images and containers a re-grade labelled (`dockerlings.managed=regrade-…`) on an engine.
    static func regradeLeftovers(environment: [String: String]) throws -> [String] {
        let docker = URL(fileURLWithPath: "/usr/bin/env")
        let label = DockerClient.labelKey
        let containers = try runProcess(docker, ["docker", "ps", "--all", "--filter", "label=\(label)", "--format", "{{.ID}} {{.Label \"\(label)\"}}"],
                                        environment: environment)
        #expect(containers.status == 0, "\(containers.stderrText)")
        var found = containers.stdoutText.split(separator: "\n").map(String.init)
        // `docker images` cannot print a label's value: list the labelled ones, then ask each.
        let images = try runProcess(docker, ["docker", "images", "--all", "--quiet", "--no-trunc", "--filter", "label=\(label)"],
                                    environment: environment)
        #expect(images.status == 0, "\(images.stderrText)")
        let ids = Set(images.stdoutText.split(separator: "\n").map(String.init))
        if !ids.isEmpty {
            // One removed meanwhile by another test is simply not printed.
            let values = try runProcess(docker, ["docker", "image", "inspect", "--format", "{{.Id}} {{index .Config.Labels \"\(label)\"}}"] + ids.sorted(),
                                        environment: environment)
            found += values.stdoutText.split(separator: "\n").map(String.init)
        }
        return found.filter { $0.contains(" regrade-") }
    }

    static func environment(host: String? = nil, dockerConfig: URL? = nil) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if let host {
            environment["DOCKER_HOST"] = host
            environment.removeValue(forKey: "DOCKER_CONTEXT")
        }
        if let dockerConfig { environment["DOCKER_CONFIG"] = dockerConfig.path }
        return environment
    }

    /// The progress lines of the grades started before the first grade finished (or its
    /// engine was lost): with --jobs N, N of them.
    static func startsBeforeFirstEnd(_ stderr: String) -> [String] {
        let lines = stderr.split(separator: "\n").map(String.init)
        let end = lines.firstIndex { $0.hasPrefix("graded") || $0.hasPrefix("lost") || $0.hasPrefix("retrying") } ?? lines.count
        return lines[..<end].filter { $0.hasPrefix("grading") }
    }

    @Test func aClassIsRegradedOnASecondEngineAndALostEnginesJobMovesToTheOther() async throws {
        guard let dockerd = DockerClient.locateDaemon(), let unshare = SecondDaemon.locateUnshare() else {
            Issue.record("dockerd and unshare (util-linux) are needed to start a second engine")
            return
        }
        let dir = try RepoPaths.temporaryDirectory("regrade")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A short shutdown: the daemon is stopped in the middle of a build below.
        let daemon = try SecondDaemon.start(dockerd: dockerd, unshare: unshare, extraArguments: ["--shutdown-timeout", "2"])
        let outcome: Result<Void, any Error>
        do {
            try await daemon.waitUntilAnswering()
            _ = try BusyboxBase.image(host: daemon.host)
            _ = try BusyboxBase.image()
            let course = try Self.course(in: dir)
            try classOnTheSecondEngine(daemon, course: course, dir: dir)
            try engineLostMidRun(daemon, course: course, dir: dir)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        for problem in daemon.stop() { Issue.record("\(problem)") }
        try outcome.get()
    }

    /// Four learners, --jobs 2, all on the second engine: Ann honest, Bob's claim forged (his
    /// CMD prints the wrong word, his machine claims 100), Cid honest after a failed try,
    /// Dan's bundle edited after signing.
    private func classOnTheSecondEngine(_ daemon: SecondDaemon, course: URL, dir: URL) throws {
        let base = BusyboxBase.tag
        let ann = try bundle("ann", [("FROM \(base)\nCMD [\"echo\", \"hello\"]\n", Self.claim(run: true))], in: dir)
        let bob = try bundle("bob", [("FROM \(base)\nCMD [\"echo\", \"bye\"]\n", Self.claim(run: true))], in: dir)
        let cid = try bundle("cid", [("FROM \(base)\nRUN false\n", Self.claim(build: false, run: false)),
                                     ("FROM \(base)\nCMD [\"echo\", \"hello there\"]\n", Self.claim(run: true))], in: dir)
        let dan = try bundle("dan", [("FROM \(base)\nCMD [\"echo\", \"bye\"]\n", Self.claim(run: false))], in: dir)
        // Dan raises his own score in the file: the chain no longer verifies.
        let edited = try String(contentsOf: dan, encoding: .utf8).replacingOccurrences(of: "\"score\" : 40", with: "\"score\" : 100")
        #expect(edited != (try String(contentsOf: dan, encoding: .utf8)), "the bundle's score field was not found to edit")
        try edited.write(to: dan, atomically: true, encoding: .utf8)

        let gradebook = dir.appendingPathComponent("gradebook.sqlite")
        let run = try runProcess(binary, ["regrade", "--course", course.path, "--gradebook", gradebook.path, "--key", key,
                                             "--host", daemon.host, "--jobs", "2", "--format", "json",
                                             ann.path, bob.path, cid.path, dan.path],
                                    environment: Self.environment())
        #expect(run.status == 1, "\(run.stdoutText)\n\(run.stderrText)")
        // Two grades at once: a second one starts before the first ends.
        #expect(Self.startsBeforeFirstEnd(run.stderrText).count == 2, "\(run.stderrText)")
        let report = try json(run.stdoutText)
        let bundles = try #require(report["bundles"] as? [[String: Any]])
        #expect(bundles.map { $0["status"] as? String } == ["imported", "imported", "imported", "refused"])
        #expect((bundles[3]["reason"] as? String)?.contains("does not verify") == true, "\(bundles[3])")

        let results = try #require(report["results"] as? [[String: Any]])
        func named(_ learner: String) -> [String: Any]? { results.first { $0["learner"] as? String == learner } }
        // Cid's failed try claims less than the grade of his best: it is not built.
        #expect(results.map { "\($0["learner"] ?? "")#\($0["seq"] ?? "")" }.sorted() == ["ann#1", "bob#1", "cid#2"])
        #expect(results.allSatisfy { $0["engine"] as? String == daemon.host })
        #expect(named("ann")?["agrees"] as? Bool == true)
        #expect(named("cid")?["agrees"] as? Bool == true)
        let forged = try #require(named("bob"))
        #expect(forged["agrees"] as? Bool == false)
        #expect((forged["regraded"] as? [String: Any])?["score"] as? Double == 40)
        let differences = (forged["differences"] as? [[String: Any]] ?? []).map { "\($0["kind"] ?? ""):\($0["checkID"] ?? "-"):\($0["claimed"] ?? "")>\($0["regraded"] ?? "")" }
        #expect(differences == ["score:-:100>40", "passed:-:yes>no", "check:run:pass>fail"])

        // Recorded beside the claims, which are intact; the export carries the re-grade.
        let store = try ProgressStore.open(at: gradebook)
        #expect(try store.verify().isIntact)
        #expect(try store.attempts(of: "bob").map(\.score) == [100])
        let csv = try runProcess(binary, ["gradebook", "export", "--gradebook", gradebook.path, "--course", course.path, "--format", "canvas"])
        #expect(csv.stdoutText.contains("bob,,bob,,40") && csv.stdoutText.contains("ann,,ann,,100"), "\(csv.stdoutText)")

        // Nothing the re-grade built is left on the engine.
        #expect(try Self.regradeLeftovers(environment: Self.environment(host: daemon.host)) == [])
    }

    /// Two engines as docker contexts, the second listed first; it is stopped while it builds.
    private func engineLostMidRun(_ daemon: SecondDaemon, course: URL, dir: URL) throws {
        let config = dir.appendingPathComponent("docker-config")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        let created = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                     ["docker", "context", "create", "second", "--docker", "host=\(daemon.host)"],
                                     environment: Self.environment(dockerConfig: config))
        try #require(created.status == 0, "\(created.stderrText)")
        let base = BusyboxBase.tag
        let bundles = try ["eve", "fay"].map { name in
            try bundle(name, [("FROM \(base)\nRUN sleep 5 && echo \(name)-\(UUID().uuidString.prefix(6))\nCMD [\"echo\", \"hello\"]\n",
                               Self.claim(run: true))], in: dir)
        }
        let child = try ChildProcess.launch(binary.path, ["regrade", "--course", course.path,
                                                          "--gradebook", dir.appendingPathComponent("gradebook2.sqlite").path,
                                                          "--key", key, "--context", "second", "--context", "default",
                                                          "--jobs", "2", "--format", "json"] + bundles.map(\.path),
                                            environment: Self.environment(dockerConfig: config))
        let stdout = Collected()
        let reader = Thread { stdout.append(child.standardOutput.readDataToEndOfFile()) }
        reader.start()
        var stderr = ""
        var stopped = false
        // Stop the second engine as soon as a grade starts there (its build sleeps 5 s).
        for line in Lines(child.standardError) {
            stderr += line + "\n"
            if !stopped && line.hasPrefix("grading") && line.hasSuffix("on second") {
                stopped = true
                for problem in daemon.stop() { Issue.record("\(problem)") }
            }
        }
        let status = child.wait() ?? -1
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.05) }
        #expect(stopped, "no grade started on the second engine: \(stderr)")
        // Spread over both engines at once: a grade started on each before any ended.
        #expect(Set(Self.startsBeforeFirstEnd(stderr).map { $0.split(separator: " ").last.map(String.init) ?? "" }) == ["second", "default"],
                "\(stderr)")
        #expect(status == 0, "\(stdout.text)\n\(stderr)")
        #expect(stderr.contains("lost      engine second stopped answering"), "\(stderr)")
        let report = try json(stdout.text)
        let results = try #require(report["results"] as? [[String: Any]])
        #expect(results.count == 2)
        // Both graded on the engine that stayed, one of them after a retry away from the lost one.
        #expect(results.allSatisfy { $0["engine"] as? String == "default" && $0["agrees"] as? Bool == true }, "\(results)")
        let retried = results.compactMap { ($0["retries"] as? [[String: Any]])?.first?["engine"] as? String }
        #expect(retried == ["second"], "\(results)")
        #expect(try Self.regradeLeftovers(environment: Self.environment()) == [])
    }

    @Test func ctrlCStopsTheBuildsRemovesWhatTheyMadeAndRecordsNothingUnfinished() throws {
        _ = try BusyboxBase.image()
        let dir = try RepoPaths.temporaryDirectory("regrade-interrupt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let course = try Self.course(in: dir)
        let token = "gus-\(UUID().uuidString.prefix(8))"
        let slow = try bundle("gus", [("FROM \(BusyboxBase.tag)\nRUN sleep 300 && echo \(token)\n", Self.claim(run: true))], in: dir)
        let gradebook = dir.appendingPathComponent("gradebook.sqlite")
        let child = try ChildProcess.launch(binary.path, ["regrade", "--course", course.path, "--gradebook", gradebook.path,
                                                          "--key", key, slow.path],
                                            environment: Self.environment())
        let stdout = Collected()
        let reader = Thread { stdout.append(child.standardOutput.readDataToEndOfFile()) }
        reader.start()
        let started = Date()
        var stderr = ""
        var interrupted: Date?
        for line in Lines(child.standardError) {
            stderr += line + "\n"
            if interrupted == nil && line.hasPrefix("grading") {
                // Into the build's RUN step, then Ctrl-C.
                Thread.sleep(forTimeInterval: 2)
                child.send(SIGINT)
                interrupted = Date()
            }
        }
        let status = child.wait() ?? -1
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.05) }
        #expect(interrupted != nil, "the grade never started: \(stderr)")
        #expect(status == 130, "\(stdout.text)\n\(stderr)")
        // Not stuck: well before the 300 s build would have ended on its own (the bound is
        // loose: a loaded engine is slow).
        #expect(Date().timeIntervalSince(started) < 150, "\(stderr)")
        #expect(stderr.contains("nothing the grader started is left running"))
        #expect(try Self.regradeLeftovers(environment: Self.environment()) == [])
        // The build's step container (unlabelled: the classic builder's own) is gone too.
        let containers = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["docker", "ps", "--all", "--no-trunc", "--format", "{{.ID}} {{.Command}}"])
        #expect(!containers.stdoutText.contains(token), "\(containers.stdoutText)")
        // The learner's claims are in; no re-grade was recorded for the unfinished grade.
        let store = try ProgressStore.open(at: gradebook)
        #expect(try store.attempts(of: "gus").count == 1)
        #expect(try store.latestRegrades(of: "gus").isEmpty)
    }
}

extension RegradeCommandTests {
    /// A quiz is graded on an answers file a bundle does not carry: its checks keep the claim
    /// and say so, the rest (parse) is graded again; the claim agrees and nothing is built.
    @Test func aQuizsClaimedAnswersStandAndSaySo() throws {
        let dir = try RepoPaths.temporaryDirectory("regrade-quiz")
        defer { try? FileManager.default.removeItem(at: dir) }
        let quizzes = [("kernel", true), ("pid1", true), ("runtime", false)]
        let checks = [GradeReport.Check(id: "parse", title: "parses", status: .pass, points: 10, pointsPossible: 10)]
            + quizzes.map { GradeReport.Check(id: $0.0, title: $0.0, status: $0.1 ? .pass : .fail, points: $0.1 ? 30 : 0, pointsPossible: 30) }
        let claim = GradeReport(checks: checks, points: 70, pointsPossible: 100)
        let store = try ProgressStore.open(at: dir.appendingPathComponent("quiz.sqlite"))
        let learner = Learner(id: "hal", name: "hal")
        let starter = try String(contentsOf: RepoPaths.root.appendingPathComponent("Exercises/containers-quiz/Dockerfile"), encoding: .utf8)
        try store.record(NewAttempt(exerciseID: "containers-quiz", startedAt: Date(), finishedAt: Date(), report: claim,
                                    dockerfile: starter, toolVersion: "0.1.0"), by: learner)
        let bundle = dir.appendingPathComponent("hal.json")
        try store.makeBundle(for: learner, key: Data(key.utf8), toolVersion: "0.1.0").write(to: bundle)

        let run = try runProcess(binary, ["regrade", "--course", RepoPaths.root.path, "--gradebook", dir.appendingPathComponent("g.sqlite").path,
                                          "--key", key, "--format", "json", bundle.path], environment: Self.environment())
        #expect(run.status == 0, "\(run.stdoutText)\n\(run.stderrText)")
        let result = try #require((try json(run.stdoutText)["results"] as? [[String: Any]])?.first)
        #expect(result["agrees"] as? Bool == true)
        let regraded = try #require((result["regraded"] as? [String: Any])?["checks"] as? [[String: Any]])
        #expect(regraded.map { "\($0["id"] ?? ""):\($0["status"] ?? "")" } == ["parse:pass", "kernel:pass", "pid1:pass", "runtime:fail"])
        #expect(regraded.dropFirst().allSatisfy { ($0["detail"] as? String)?.hasPrefix("not re-graded") == true })
    }
}

extension RegradeCommandTests {
    /// The quiz exercise again (nothing to build): a refuted best claim brings the next claim
    /// in; --all-attempts takes every one.
    @Test func aRefutedBestClaimBringsTheNextOneInAndAllAttemptsTakesEvery() throws {
        let dir = try RepoPaths.temporaryDirectory("regrade-claims")
        defer { try? FileManager.default.removeItem(at: dir) }
        func claim(parse: Bool, kernel: Bool) -> GradeReport {
            let checks = [GradeReport.Check(id: "parse", title: "parses", status: parse ? .pass : .fail, points: parse ? 10 : 0, pointsPossible: 10),
                          GradeReport.Check(id: "kernel", title: "kernel", status: kernel ? .pass : .fail, points: kernel ? 30 : 0, pointsPossible: 30),
                          GradeReport.Check(id: "pid1", title: "pid1", status: .fail, points: 0, pointsPossible: 30),
                          GradeReport.Check(id: "runtime", title: "runtime", status: .fail, points: 0, pointsPossible: 30)]
            return GradeReport(checks: checks, points: checks.reduce(0) { $0 + ($1.points ?? 0) }, pointsPossible: 100)
        }
        let starter = try String(contentsOf: RepoPaths.root.appendingPathComponent("Exercises/containers-quiz/Dockerfile"), encoding: .utf8)
        let store = try ProgressStore.open(at: dir.appendingPathComponent("ivy.sqlite"))
        let learner = Learner(id: "ivy", name: "ivy")
        // #1 honest 10; #2 honest 40; #3 claims 40 for a Dockerfile that does not parse (it earns 30).
        for (dockerfile, report) in [(starter, claim(parse: true, kernel: false)), (starter + "# two\n", claim(parse: true, kernel: true)),
                                     ("FORM busybox\n", claim(parse: true, kernel: true))] {
            try store.record(NewAttempt(exerciseID: "containers-quiz", startedAt: Date(), finishedAt: Date(), report: report,
                                        dockerfile: dockerfile, toolVersion: "0.1.0"), by: learner)
        }
        let bundle = dir.appendingPathComponent("ivy.json")
        try store.makeBundle(for: learner, key: Data(key.utf8), toolVersion: "0.1.0").write(to: bundle)

        func regrade(_ extra: [String]) throws -> [String] {
            let run = try runProcess(binary, ["regrade", "--course", RepoPaths.root.path, "--gradebook", dir.appendingPathComponent("g.sqlite").path,
                                              "--key", key, "--format", "json", bundle.path] + extra, environment: Self.environment())
            #expect(run.status == 1, "\(run.stdoutText)\n\(run.stderrText)")
            let results = try #require(try json(run.stdoutText)["results"] as? [[String: Any]])
            return results.map { "#\($0["seq"] ?? "") \($0["regraded"].flatMap { ($0 as? [String: Any])?["score"] } ?? "") \(($0["agrees"] as? Bool).map { $0 ? "agrees" : "differs" } ?? "?")" }
        }
        // The best claim (#3, the latest of the two 40s) is refuted at 30, below #2's claim: #2 is graded too; #1 could not beat 40.
        let best = try regrade([])
        #expect(best == ["#3 30 differs", "#2 40 agrees"], "\(best)")
        let all = try regrade(["--all-attempts"])
        #expect(all == ["#3 30 differs", "#2 40 agrees", "#1 10 agrees"], "\(all)")
        // The gradebook's authoritative best is #2's 40, not the refuted claim.
        let csv = try runProcess(binary, ["gradebook", "export", "--gradebook", dir.appendingPathComponent("g.sqlite").path,
                                          "--course", RepoPaths.root.path, "--format", "canvas"])
        #expect(csv.stdoutText.contains(",40,") || csv.stdoutText.hasSuffix(",40\n"), "\(csv.stdoutText)")
    }
}

/// What `regrade` refuses before it grades anything: no engine needed.
@Suite struct RegradeUsageTests {
    let binary = RepoPaths.product("dockerlings")

    @Test func usageErrorsAndAnEngineThatDoesNotAnswerExitTwoAndSayWhy() throws {
        let none = try runProcess(binary, ["regrade"])
        #expect(none.status == 2 && none.stderrText.contains("bundle"), "\(none.stderrText)")
        let zero = try runProcess(binary, ["regrade", "--jobs", "0", "a.json"])
        #expect(zero.status == 2 && zero.stderrText.contains("--jobs must be 1 or more"), "\(zero.stderrText)")
        let dir = try RepoPaths.temporaryDirectory("regrade-usage")
        defer { try? FileManager.default.removeItem(at: dir) }
        let gradebook = dir.appendingPathComponent("g.sqlite")
        let away = try runProcess(binary, ["regrade", "--course", RepoPaths.root.path, "--gradebook", gradebook.path,
                                           "--host", "unix://\(dir.path)/no-engine.sock", "a.json"])
        #expect(away.status == 2, "\(away.stdoutText)\n\(away.stderrText)")
        #expect(away.stderrText.contains("does not answer") && away.stderrText.contains("No Docker engine answers"), "\(away.stderrText)")
        // Nothing was taken into the gradebook.
        #expect(!FileManager.default.fileExists(atPath: gradebook.path))
    }
}

/// The lines of a pipe as they arrive.
private struct Lines: Sequence, IteratorProtocol {
    let handle: FileHandle
    var pending = Data()
    var ended = false

    init(_ handle: FileHandle) { self.handle = handle }

    mutating func next() -> String? {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                return line
            }
            if ended {
                guard !pending.isEmpty else { return nil }
                defer { pending.removeAll() }
                return String(decoding: pending, as: UTF8.self)
            }
            let chunk = handle.availableData
            if chunk.isEmpty { ended = true } else { pending.append(chunk) }
        }
    }
}

private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ more: Data) { lock.withLock { data.append(more) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
