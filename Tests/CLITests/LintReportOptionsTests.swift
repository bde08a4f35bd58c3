import Foundation
import Testing
import TestSupport

/// hadolint's report options on `dockerlings lint`: -o FILE, --file-path-in-report (flag or
/// configuration key), -V/--verbose (flag or key) and -v.
@Suite struct LintReportOptionsTests {
    let binary = RepoPaths.product("dockerlings")
    static let dockerfile = "FROM debian\nRUN cd /tmp\n"

    @Test func outputWritesTheReportToTheFileAndSaysWhyItCannot() throws {
        let dir = try RepoPaths.temporaryDirectory("lint-output")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("Dockerfile")
        try Data(Self.dockerfile.utf8).write(to: file)
        let report = dir.appendingPathComponent("report.xml")
        try Data(String(repeating: "older and longer report ", count: 200).utf8).write(to: report)

        let result = try runProcess(binary, ["lint", "--shellcheck", "never", "-f", "checkstyle", "-o", report.path, file.path])
        #expect(result.status == 1, "the findings still decide the exit status")
        #expect(result.stdout.isEmpty)
        let elements = try XMLReader.elements(of: try String(contentsOf: report, encoding: .utf8))
        #expect(elements.first { $0.name == "file" }?.attributes["name"] == file.path)
        #expect(elements.contains { $0.attributes["source"] == "DL3006" } && elements.contains { $0.attributes["source"] == "DL3003" })

        let nowhere = dir.appendingPathComponent("missing/report.xml").path
        let refused = try runProcess(binary, ["lint", "--shellcheck", "never", "--output", nowhere, file.path])
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("cannot write the report to \(nowhere): No such file or directory"), "\(refused.stderrText)")
        #expect(refused.stdout.isEmpty)
    }

    @Test func filePathInReportFromTheFlagOrTheConfigurationFile() throws {
        let dir = try RepoPaths.temporaryDirectory("lint-path-in-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("ci.yaml")
        try Data("file-path-in-report: from-config/Dockerfile\nverbose: true\n".utf8).write(to: config)
        func paths(_ arguments: [String]) throws -> (Set<String>, String) {
            let result = try runProcess(binary, ["lint", "--shellcheck", "never", "-f", "sonarqube"] + arguments + ["-"],
                                        stdin: Data(Self.dockerfile.utf8), currentDirectory: dir)
            #expect(result.status == 1, "\(result.stderrText)")
            let doc = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
            let issues = try #require(doc["issues"] as? [[String: Any]])
            #expect(!issues.isEmpty)
            return (Set(issues.map { ($0["primaryLocation"] as? [String: Any])?["filePath"] as? String ?? "" }), result.stderrText)
        }
        #expect(try paths([]).0 == ["-"])
        #expect(try paths(["--file-path-in-report", "docker/app.Dockerfile"]).0 == ["docker/app.Dockerfile"])
        let (fromConfig, log) = try paths(["-c", config.path])
        #expect(fromConfig == ["from-config/Dockerfile"])
        // `verbose: true` in the file: which configuration, which files.
        #expect(log.contains("configuration file: \(config.path)") && log.contains("linting - ("), "\(log)")
        #expect(try paths(["-c", config.path, "--file-path-in-report", "flag/Dockerfile"]).0 == ["flag/Dockerfile"])
    }

    @Test func verboseSaysWhatItDoesAndShortVIsTheVersion() throws {
        let dir = try RepoPaths.temporaryDirectory("lint-verbose")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("Dockerfile")
        try Data(Self.dockerfile.utf8).write(to: file)
        // No configuration anywhere: not in the folder, not in a home of its own.
        let env = ["HOME": dir.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let quiet = try runProcess(binary, ["lint", "--shellcheck", "never", "-f", "json", file.path], environment: env, currentDirectory: dir)
        #expect(quiet.stderr.isEmpty)
        let loud = try runProcess(binary, ["lint", "--shellcheck", "never", "-V", "-f", "json", file.path], environment: env, currentDirectory: dir)
        #expect(loud.status == 1 && loud.stdout == quiet.stdout, "the report is the same")
        for said in ["no configuration file", "ShellCheck: off", "linting \(file.path) (", "\(file.path): 2 findings"] {
            #expect(loud.stderrText.contains(said), "missing '\(said)' in: \(loud.stderrText)")
        }
        let version = try runProcess(binary, ["lint", "-v"])
        #expect(version.status == 0 && !version.stdout.isEmpty)
        #expect(version.stdout == (try runProcess(binary, ["lint", "--version"])).stdout)
    }
}
