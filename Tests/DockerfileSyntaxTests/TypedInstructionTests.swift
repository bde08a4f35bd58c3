import DockerfileSyntax
import Testing

@Suite struct TypedInstructionTests {
    static let sample = """
        # syntax=docker/dockerfile:1
        ARG BASE=python:3.12-slim
        ARG VERSION
        FROM --platform=$BUILDPLATFORM ${BASE} AS Builder
        ARG VERSION=1.0
        ENV APP_HOME=/app PATH="/app/bin:$PATH"
        WORKDIR $APP_HOME
        RUN --mount=type=cache,target=/root/.cache,sharing=locked --network=none \\
            pip install -r requirements.txt
        COPY --chown=app:app --chmod=755 --link requirements.txt src/ ./
        FROM debian:12.5@sha256:abc AS final
        COPY --from=builder /app /app
        ADD --checksum=sha256:00 https://example.com/x.tgz /tmp/
        EXPOSE 8080/tcp 443
        USER app:staff
        HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl -f http://localhost/ || exit 1
        STOPSIGNAL SIGTERM
        VOLUME ["/data", "/logs"]
        SHELL ["/bin/bash", "-c"]
        LABEL org.opencontainers.image.title="demo" version=1
        ONBUILD COPY . /src
        ENTRYPOINT ["python", "-m", "app"]
        CMD ["--help"]
        """

    @Test func stagesHaveNamesAndIndexes() throws {
        let file = try Dockerfile.parse(Self.sample)
        #expect(file.stages.count == 2)
        #expect(file.stages.map(\.name) == ["builder", "final"])
        #expect(file.stages.map(\.index) == [0, 1])
        #expect(file.metaArgs.flatMap(\.args).map(\.name) == ["BASE", "VERSION"])
        #expect(file.stage(named: "BUILDER")?.index == 0)
        #expect(file.stage(named: "1")?.name == "final")
        #expect(file.directives.syntax == "docker/dockerfile:1")
        #expect(file.problems.isEmpty, "\(file.problems)")
    }

    @Test func fromCarriesImageTagDigestPlatformAlias() throws {
        let file = try Dockerfile.parse(Self.sample)
        let first = file.stages[0].from
        #expect(first.image == "${BASE}")
        #expect(first.platform == "$BUILDPLATFORM")
        #expect(first.aliasAsWritten == "Builder")
        #expect(BuildEnvironment().image(of: first, in: file) == "python:3.12-slim")
        let second = file.stages[1].from.reference
        #expect(second.repository == "debian")
        #expect(second.tag == "12.5")
        #expect(second.digest == "sha256:abc")
        let registry = ImageReference("localhost:5000/team/app:1.2")
        #expect(registry.registry == "localhost:5000")
        #expect(registry.repository == "team/app")
        #expect(registry.tag == "1.2")
        #expect(ImageReference("scratch").isScratch)
    }

    @Test func runCopyAndCommandForms() throws {
        let file = try Dockerfile.parse(Self.sample)
        let builder = file.stages[0].instructions
        guard case .run(let run) = builder[3] else { Issue.record("expected RUN, got \(builder[3])"); return }
        #expect(run.mounts.first?.type == "cache")
        #expect(run.mounts.first?.target == "/root/.cache")
        #expect(run.mounts.first?.fields["sharing"] == "locked")
        #expect(run.network == "none")
        #expect(run.command == .shell("pip install -r requirements.txt"))
        #expect(run.raw.range.start.line == 8 && run.raw.range.end.line == 9)
        guard case .copy(let copy) = builder[4] else { Issue.record("expected COPY"); return }
        #expect(copy.sources == ["requirements.txt", "src/"])
        #expect(copy.destination == "./")
        #expect(copy.chown == "app:app" && copy.chmod == "755" && copy.link)

        let final = file.stages[1].instructions
        guard case .copy(let fromBuilder) = final[0], case .add(let add) = final[1] else { Issue.record("COPY/ADD"); return }
        #expect(fromBuilder.from == "builder")
        #expect(add.isAdd && add.checksum == "sha256:00" && add.remoteSources == ["https://example.com/x.tgz"])
        guard case .expose(let expose) = final[2], case .user(let user) = final[3] else { Issue.record("EXPOSE/USER"); return }
        #expect(expose.ports == ["443", "8080/tcp"])
        #expect(user.name == "app" && user.group == "staff")
        guard case .healthcheck(let health) = final[4] else { Issue.record("HEALTHCHECK"); return }
        #expect(health.interval == "30s" && health.timeout == "3s" && health.retries == 3 && !health.isNone)
        #expect(health.command == .shell("curl -f http://localhost/ || exit 1"))
        guard case .volume(let volume) = final[6], case .shell(let shell) = final[7] else { Issue.record("VOLUME/SHELL"); return }
        #expect(volume.paths == ["/data", "/logs"])
        #expect(shell.shell == ["/bin/bash", "-c"])
        guard case .label(let label) = final[8], case .onbuild(let onbuild) = final[9] else { Issue.record("LABEL/ONBUILD"); return }
        #expect(label.pairs.map(\.key) == ["org.opencontainers.image.title", "version"])
        #expect(label.pairs.first?.value == "\"demo\"")
        guard case .copy(let trigger)? = onbuild.trigger else { Issue.record("ONBUILD trigger"); return }
        #expect(trigger.sources == ["."])
        guard case .entrypoint(let entry) = final[10], case .cmd(let cmd) = final[11] else { Issue.record("ENTRYPOINT/CMD"); return }
        #expect(entry.command == .exec(["python", "-m", "app"]))
        #expect(cmd.command == .exec(["--help"]))
    }

    @Test func argAndEnvScoping() throws {
        let file = try Dockerfile.parse(Self.sample)
        let env = BuildEnvironment(buildArgs: [:])
        let scopes = env.scopes(of: file.stages[0], in: file)
        // Before anything: the global BASE is not visible inside the stage.
        #expect(scopes[0]["BASE"] == nil)
        // After `ARG VERSION=1.0` and the ENV line.
        #expect(scopes[2]["VERSION"] == "1.0")
        #expect(scopes[2]["APP_HOME"] == "/app")
        #expect(scopes[2]["PATH"] == "/app/bin:")
        let overridden = BuildEnvironment(buildArgs: ["VERSION": "2.0"]).scopes(of: file.stages[0], in: file)
        #expect(overridden[2]["VERSION"] == "2.0")

        let redeclared = try Dockerfile.parse("ARG TAG=3\nFROM a:$TAG\nARG TAG\nRUN echo $TAG\n")
        #expect(BuildEnvironment().image(of: redeclared.stages[0].from, in: redeclared) == "a:3")
        #expect(BuildEnvironment().scopes(of: redeclared.stages[0], in: redeclared)[1]["TAG"] == "3")
    }

    @Test func buildTimeProblemsAreCollectedWithLines() throws {
        let file = try Dockerfile.parse("RUN early\nFROM a AS 1bad\nCOPY --nope x y\nFROBNICATE now\nHEALTHCHECK --interval=5x CMD true\nCOPY --link --link a b\n")
        let messages = file.problems.map(\.message)
        #expect(messages.contains("no build stage in current context"))
        #expect(messages.contains { $0.hasPrefix("invalid name for build stage") })
        #expect(messages.contains("unknown flag: --nope"))
        #expect(messages.contains("unknown instruction: FROBNICATE"))
        #expect(messages.contains { $0.contains("invalid duration") })
        #expect(messages.contains("duplicate flag specified: --link"))
        #expect(file.problems.first { $0.message.hasPrefix("unknown instruction") }?.range?.start.line == 4)
    }

    @Test func sourceRangesPointAtTheSpot() throws {
        let file = try Dockerfile.parse("FROM alpine\n  RUN apk add \\\n      curl\n")
        let run = file.instructions[1].raw
        #expect(run.range.start == SourcePosition(line: 2, column: 3))
        #expect(run.range.end.line == 3)
        let curl = try #require(run.range(of: "curl"))
        #expect(curl.start == SourcePosition(line: 3, column: 7))
        let apk = try #require(run.range(of: "apk"))
        #expect(apk.start == SourcePosition(line: 2, column: 7))
    }
}
