import Foundation

/// Tests that need a Docker engine run whenever one answers. When
/// `DOCKERLINGS_REQUIRE_DOCKER=1` (as `.ci/run` sets) they run regardless, so a missing
/// engine fails them instead of skipping them. Use as `@Test(.enabled(if: DockerTestEngine.shouldRun))`.
public enum DockerTestEngine {
    public static let required: Bool =
        ProcessInfo.processInfo.environment["DOCKERLINGS_REQUIRE_DOCKER"] == "1"

    public static let answers: Bool = {
        let result = try? runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["docker", "version", "--format", "{{.Server.Version}}"])
        return result?.status == 0
    }()

    public static let shouldRun: Bool = required || answers
}
