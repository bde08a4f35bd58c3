import Foundation
import Testing
@testable import DockerEngine
import ImageAnalysis

/// The parsers on recorded output. Classic and BuildKit plain are also exercised live in
/// BuildTests/BuildKitTests; rawjson needs buildx, which these machines lack, so it is tested
/// on a sample in the shape buildx writes (one SolveStatus JSON per line, log data base64).
@Suite struct BuildOutputParserTests {
    static let instructions = [
        SourceInstruction(line: 1, text: "FROM base AS builder"),
        SourceInstruction(line: 2, text: "RUN make"),
        SourceInstruction(line: 4, text: "FROM base"),
        SourceInstruction(line: 5, text: "COPY --from=builder /out /out"),
        SourceInstruction(line: 6, text: "RUN ./test"),
    ]

    func feed(_ text: String) -> (BuildOutputParser, [BuildEvent]) {
        var parser = BuildOutputParser()
        var events: [BuildEvent] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { events += parser.feed(String(line)) }
        return (parser, events)
    }

    @Test func classicOutput() {
        let (parser, events) = feed("""
            Sending build context to Docker daemon  2.048kB
            Step 1/5 : FROM base AS builder
             ---> 1bde656ce60e
            Step 2/5 : RUN make
             ---> Using cache
             ---> 9f5dae2c6d7f
            Step 3/5 : FROM base
             ---> 1bde656ce60e
            Step 4/5 : COPY --from=builder /out /out
             ---> 886d7d5db4a6
            Step 5/5 : RUN ./test
             ---> Running in b5d22074c113
            \u{1B}[91mtest 1 failed
            \u{1B}[0mThe command '/bin/sh -c ./test' returned a non-zero code: 3
            """)
        #expect(events.filter { $0.kind == .stepStarted }.map(\.step) == [1, 2, 3, 4, 5])
        #expect(events.filter { $0.kind == .cacheHit }.map(\.step) == [2])
        #expect(events.contains { $0.kind == .output && $0.text == "test 1 failed" && $0.step == 5 })
        let failure = parser.failure(instructions: Self.instructions)
        #expect(failure?.line == 6)
        #expect(failure?.exitCode == 3)
        #expect(failure?.outputTail == ["test 1 failed"])
    }

    @Test func buildKitPlainOutput() {
        let (parser, events) = feed("""
            #1 [internal] load build definition from Dockerfile
            #1 sha256:aff53a907f3e22a4882f90ddc6a417a75f3f41a55548378f2795c5a7b21f9374
            #1 DONE 0.1s

            #5 [builder 2/2] RUN make
            #5 CACHED

            #7 [stage-1 2/3] COPY --from=builder /out /out
            #7 DONE 0.1s

            #8 [stage-1 3/3] RUN ./test
            #8 0.145 running tests
            #8 0.150 test 1 failed
            #8 ERROR: executor failed running [/bin/sh -c ./test]: exit code: 3
            ------
             > [stage-1 3/3] RUN ./test:
            ------
            """)
        let started = events.filter { $0.kind == .stepStarted }
        #expect(started.map(\.stage) == ["builder", "stage-1", "stage-1"])
        #expect(events.filter { $0.kind == .cacheHit }.map(\.instruction) == ["RUN make"])
        #expect(events.filter { $0.kind == .output }.map(\.text) == ["running tests", "test 1 failed"])
        let failure = parser.failure(instructions: Self.instructions)
        #expect(failure?.line == 6)
        #expect(failure?.exitCode == 3)
        #expect(failure?.outputTail == ["running tests", "test 1 failed"])
    }

    @Test func buildKitRawJSON() {
        func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
        let sample = """
            {"vertexes":[{"digest":"sha256:aaa","name":"[internal] load build definition from Dockerfile","started":"2024-05-01T10:00:00.1Z","completed":"2024-05-01T10:00:00.2Z"}]}
            {"vertexes":[{"digest":"sha256:bbb","inputs":["sha256:aaa"],"name":"[builder 2/2] RUN make","started":"2024-05-01T10:00:01Z","completed":"2024-05-01T10:00:01Z","cached":true}]}
            {"vertexes":[{"digest":"sha256:ccc","inputs":["sha256:bbb"],"name":"[stage-1 3/3] RUN ./test","started":"2024-05-01T10:00:02Z"}]}
            {"logs":[{"vertex":"sha256:ccc","stream":1,"data":"\(b64("running tests\n"))","timestamp":"2024-05-01T10:00:02.5Z"}]}
            {"logs":[{"vertex":"sha256:ccc","stream":2,"data":"\(b64("test 1 failed\n"))","timestamp":"2024-05-01T10:00:02.6Z"}]}
            {"vertexes":[{"digest":"sha256:ccc","inputs":["sha256:bbb"],"name":"[stage-1 3/3] RUN ./test","started":"2024-05-01T10:00:02Z","completed":"2024-05-01T10:00:03Z","error":"process \\"/bin/sh -c ./test\\" did not complete successfully: exit code: 3"}]}
            """
        let (parser, events) = feed(sample)
        #expect(events.filter { $0.kind == .stepStarted }.map(\.instruction) == ["RUN make", "RUN ./test"])
        #expect(events.filter { $0.kind == .cacheHit }.map(\.step) == [2])
        #expect(events.filter { $0.kind == .output }.map(\.text) == ["running tests", "test 1 failed"])
        #expect(events.filter { $0.kind == .stepFailed }.count == 1)
        let failure = parser.failure(instructions: Self.instructions)
        #expect(failure?.line == 6)
        #expect(failure?.exitCode == 3)
    }

    @Test func engineFailuresAreRecognisedFromTheCLIsWords() {
        let denied = "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/version\": dial unix /var/run/docker.sock: connect: permission denied"
        #expect(DockerError.classify(denied, host: "x") == .socketPermissionDenied(socket: "unix:///var/run/docker.sock"))
        #expect(DockerError.socketPermissionDenied(socket: "s").description.contains("usermod -aG docker"))
        let full = "failed to copy files: write /var/lib/docker/overlay2/abc/diff/big: no space left on device"
        guard case .diskFull = DockerError.classify(full, host: "x") else { Issue.record("not diskFull"); return }
        #expect(DockerError.diskFull(detail: full).description.contains("docker system prune"))
        guard case .engineUnavailable = DockerError.classify("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?", host: "x") else {
            Issue.record("not engineUnavailable"); return
        }
        let offline = BuildState.pullFailure("""
            Step 1/2 : FROM python:3.12-slim
            Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.0.0.1:53: no such host
            """)
        #expect(offline == .baseImageUnavailable(image: "python:3.12-slim", offline: true,
                                                 detail: "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 10.0.0.1:53: no such host"))
        let noTag = BuildState.pullFailure("manifest for python:0.1 not found: manifest unknown: manifest unknown")
        guard case .baseImageUnavailable(let image, let isOffline, _) = noTag else { Issue.record("not a pull failure"); return }
        #expect(image == "python:0.1")
        #expect(!isOffline)
    }
}
