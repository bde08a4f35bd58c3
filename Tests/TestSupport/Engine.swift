import Foundation

/// Tests that need a Docker engine run whenever one answers. When
/// `DOCKERLINGS_REQUIRE_DOCKER=1` (as `.ci/run` sets) they run regardless, so a missing
/// engine fails them instead of skipping them. Use as `@Test(.enabled(if: DockerTestEngine.shouldRun))`.
public enum DockerTestEngine {
    public static let required: Bool =
        ProcessInfo.processInfo.environment["DOCKERLINGS_REQUIRE_DOCKER"] == "1"

    public static let answers: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["docker", "version", "--format", "{{.Server.Version}}"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    public static let shouldRun: Bool = required || answers
}
