import Foundation
import Testing
import TestSupport

/// Every command's `--help` as a user reads it in an 80-column terminal: examples that can be
/// copied whole, and nothing that points into this project's development folders.
@Suite struct HelpTextTests {
    let binary = RepoPaths.product("dockerlings")

    /// The subcommands ArgumentParser knows, from its own description of the tool.
    func subcommands() throws -> [String] {
        let dump = try runProcess(binary, ["--experimental-dump-help"])
        let object = try #require(try JSONSerialization.jsonObject(with: dump.stdout) as? [String: Any])
        let command = try #require(object["command"] as? [String: Any])
        let names = (command["subcommands"] as? [[String: Any]] ?? []).compactMap { $0["commandName"] as? String }
        return names.filter { $0 != "help" }
    }

    @Test func everyCommandsHelpHasWholeExamplesAndNoDevelopmentPaths() throws {
        let commands = try subcommands()
        #expect(commands.count > 20 && commands.contains("lint") && commands.contains("analyze"))
        for command in [nil] + commands.map(Optional.some) {
            let help = try runProcess(binary, (command.map { [$0] } ?? []) + ["--help"], environment: ["COLUMNS": "80", "PATH": "/usr/bin:/bin"])
            let name = command ?? "dockerlings"
            #expect(help.status == 0, "\(name)")
            #expect(!help.stdoutText.contains("../shared") && !help.stdoutText.contains("/work/"), "\(name) --help names a development folder")
            // An example wider than the terminal is wrapped to the left margin, and a pasted
            // half is a different command.
            var inExamples = false
            for line in help.stdoutText.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("Examples:") { inExamples = true; continue }
                if line.isEmpty || line.hasPrefix("USAGE:") { inExamples = false; continue }
                if inExamples { #expect(line.hasPrefix("  "), "\(name) --help: an example runs past 80 columns: \(line)") }
            }
        }
    }
}
