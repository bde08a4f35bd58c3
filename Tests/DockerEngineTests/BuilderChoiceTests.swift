import Foundation
import Testing
import DockerEngine
import TestSupport

/// Which builder `docker build` uses: the rule, and the rule held against what the docker
/// CLIs on this machine really do.
@Suite struct BuilderChoiceTests {
    func decide(_ setting: String?, cli: String, buildx: Bool = false, engine: String = "20.10.24", advertises: Bool? = nil,
                os: String = "linux") -> BuilderChoice {
        BuilderChoice.decide(buildKitSetting: setting, clientVersion: cli, hasBuildx: buildx, engineOS: os,
                             engineVersion: engine, engineAdvertisesBuildKit: advertises)
    }

    @Test func theCLIsRule() {
        // CLI 23+: buildx decides, DOCKER_BUILDKIT=0 opts out, =1 without buildx is refused.
        #expect(decide(nil, cli: "28.2.2").kind == .classic)
        #expect(decide(nil, cli: "28.2.2", buildx: true).kind == .buildKit)
        #expect(decide("0", cli: "28.2.2", buildx: true).kind == .classic)
        #expect(decide("1", cli: "28.2.2").kind == nil)
        #expect(decide("1", cli: "28.2.2").refusal == .buildxMissing)
        #expect(decide("true", cli: "28.2.2", buildx: true).kind == .buildKit)
        // Older CLIs: DOCKER_BUILDKIT, else what the engine advertises, else its version's default.
        #expect(decide("1", cli: "20.10.24").kind == .buildKit)
        #expect(decide(nil, cli: "20.10.24", advertises: false).kind == .classic)
        #expect(decide(nil, cli: "20.10.24", advertises: true).kind == .buildKit)
        #expect(decide(nil, cli: "20.10.24", engine: "24.0.7").kind == .buildKit)
        #expect(decide(nil, cli: "20.10.24", engine: "20.10.24").kind == .classic)
        // A setting the CLI cannot read stops every build; a Windows engine builds classic.
        #expect(decide("maybe", cli: "28.2.2", buildx: true).refusal == .unreadableSetting)
        #expect(decide(nil, cli: "28.2.2", buildx: true, os: "windows").kind == .classic)
    }

    @Test(.enabled(if: DockerTestEngine.shouldRun))
    func whatTheDoctorSaysIsWhatDockerBuildDoes() async throws {
        var clis = [try DockerClient().executable.path]
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/docker"), !clis.contains("/usr/bin/docker") { clis.append("/usr/bin/docker") }
        let setup = try Fixtures.client()
        let base = try await Fixtures.baseImage(setup)
        var compared = 0
        do {
            for cli in clis {
                for setting in [nil, "0", "1"] as [String?] {
                    try await compare(cli: cli, setting: setting, base: base)
                    compared += 1
                }
            }
        } catch {
            try? await setup.removeImages([base])
            throw error
        }
        try await setup.removeImages([base])
        #expect(compared >= 3)
    }

    func compare(cli: String, setting: String?, base: String) async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_BUILDKIT"] = setting
        let client = try DockerClient(executable: cli, environment: environment)
        let choice = await client.builderChoice(survey: await client.survey(), endpoint: await client.endpoint())

        let build = try runProcess(URL(fileURLWithPath: cli), ["build", "-"], stdin: Data("FROM \(base)\n".utf8), environment: environment)
        let output = build.stdoutText + build.stderrText
        let observed: BuilderChoice.Kind? = build.status != 0 ? nil
            : output.contains("Step 1/1 : FROM") ? .classic
            : output.contains("[internal] load build definition") ? .buildKit : nil
        #expect(build.status != 0 || observed != nil, "unrecognised build output: \(output)")
        #expect(choice.kind == observed, "\(cli) DOCKER_BUILDKIT=\(setting ?? "unset"): the doctor says \(choice), docker build did \(output)")
    }
}
