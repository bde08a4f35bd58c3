import Foundation
import Testing
import DockerEngine
import ImageAnalysis
import TestSupport

@Suite(.enabled(if: DockerTestEngine.shouldRun)) struct EngineTests {
    @Test func noCLIIsATypedErrorThatSaysWhatToInstall() {
        #expect(throws: DockerError.self) { _ = try DockerClient(executable: "/nonexistent/docker") }
        let error = DockerError.cliNotFound(searched: "docker on PATH")
        #expect(error.description.contains("apt-get install docker.io"))
        #expect(error.description.contains("Docker Desktop"))
    }

    @Test func noEngineAtDockerHostSaysHowToStartOne() async throws {
        let dir = try RepoPaths.temporaryDirectory("no-engine")
        defer { try? FileManager.default.removeItem(at: dir) }
        let client = try Fixtures.client(host: "unix://\(dir.path)/nothing.sock")
        do {
            _ = try await client.engineInfo()
            Issue.record("no engine should answer")
        } catch DockerError.engineUnavailable(let host, _) {
            #expect(host.contains("nothing.sock"))
            let text = DockerError.engineUnavailable(host: host, detail: "").description
            #expect(text.contains("systemctl start docker") && text.contains("Docker Desktop") && text.contains("DOCKER_HOST"))
        }
    }

    /// A misspelt docker context is named as one, with how to list and make contexts, not
    /// answered with how to start an engine.
    @Test func anUnknownContextIsSaidToBeOne() async throws {
        let client = try DockerClient(context: "dockerlings-no-such-context")
        do {
            _ = try await client.engineInfo()
            Issue.record("no such context should answer")
        } catch let error as DockerError {
            #expect(error.description.contains("There is no docker context dockerlings-no-such-context"), "\(error)")
            #expect(error.description.contains("docker context ls") && !error.description.contains("systemctl"), "\(error)")
        }
    }

    @Test func buildKitPlainProgressIsParsedLive() async throws {
        // Debian's 20.10 CLI uses the daemon's built-in BuildKit with DOCKER_BUILDKIT=1.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/docker") else {
            Issue.record("/usr/bin/docker (Debian's docker.io CLI) is needed for the BuildKit test")
            return
        }
        let client = try Fixtures.client(builder: .buildKit, executable: "/usr/bin/docker")
        let base = try await Fixtures.baseImage(client)
        let dockerfile = Fixtures.multiStage(base: base, megabytes: 2)
        let context = try Fixtures.context(dockerfile)
        defer { try? FileManager.default.removeItem(at: context) }
        let events = EventLog()
        let built = try await client.build(BuildRequest(contextDirectory: context, networkNone: true,
                                                        instructions: try Fixtures.instructions(dockerfile)), onEvent: { events.append($0) })
        #expect(built.imageID.hasPrefix("sha256:"))
        let started = events.all.filter { $0.kind == .stepStarted }
        #expect(started.contains { $0.stage == "builder" && $0.step == 2 && $0.total == 3 })
        #expect(started.contains { $0.stage == "stage-1" && $0.instruction?.hasPrefix("COPY --from=builder") == true })
        #expect(events.all.contains { $0.kind == .output && $0.text == "built" })
        #expect(events.all.contains { $0.kind == .stepFinished })
        let report = try await client.analyze(image: built.imageID, instructions: try Fixtures.instructions(dockerfile)).report
        #expect(report.layers.map(\.line) == [nil, 6, 7])

        // A failing step in a named stage maps back to its line.
        let failing = "FROM \(base) AS first\nRUN true\nFROM first\nRUN echo boom && exit 4\n"
        let failContext = try Fixtures.context(failing)
        defer { try? FileManager.default.removeItem(at: failContext) }
        do {
            _ = try await client.build(BuildRequest(contextDirectory: failContext, networkNone: true, instructions: try Fixtures.instructions(failing)))
            Issue.record("the build should fail")
        } catch DockerError.buildStepFailed(let failure) {
            #expect(failure.line == 4)
            #expect(failure.exitCode == 4)
            #expect(failure.outputTail.contains("boom"))
        }
        _ = try await client.cleanUp()
        let left = try await client.labelled()
        #expect(left.images.isEmpty && left.containers.isEmpty)
    }
}
