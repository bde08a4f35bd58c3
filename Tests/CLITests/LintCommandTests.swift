import Foundation
import Testing
import TestSupport

/// `dockerlings lint` as a CI step runs it: hadolint's exit statuses (0 below the failure
/// threshold, 1 at or above it, 2 for a usage error or an unreadable file), many files in one
/// call, standard input, and hadolint's JSON shape.
@Suite struct LintCommandTests {
    let binary = RepoPaths.product("dockerlings")

    func write(_ files: [String: String]) throws -> URL {
        let dir = try RepoPaths.temporaryDirectory("lint-cli")
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    @Test func exitStatusFollowsTheThreshold() throws {
        let dir = try write(["clean.Dockerfile": "FROM debian:12\nCMD [\"true\"]\n", "warn.Dockerfile": "FROM debian\nCMD [\"true\"]\n"])
        let clean = try runProcess(binary, ["lint", "--shellcheck", "never", dir.appendingPathComponent("clean.Dockerfile").path])
        #expect(clean.status == 0)
        let warn = dir.appendingPathComponent("warn.Dockerfile").path
        #expect(try runProcess(binary, ["lint", "--shellcheck", "never", warn]).status == 1)
        #expect(try runProcess(binary, ["lint", "--shellcheck", "never", "--failure-threshold", "error", warn]).status == 0)
        #expect(try runProcess(binary, ["lint", "--shellcheck", "never", "--no-fail", warn]).status == 0)
    }

    /// Text from the file reaches the terminal only as something to read: an escape sequence
    /// in a Dockerfile must not clear the screen or retitle the window, and a binary file's
    /// "line" is neither printed raw nor whole.
    @Test func controlBytesFromTheFileArePrintedAsPictures() throws {
        let dir = try write(["ctl.Dockerfile": "FROM busybox:1.36\n\u{1B}[2J\u{1B}]0;pwned\u{7}\n"])
        var elf = Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x1B, 0x5B])
        elf.append(Data(repeating: 0x41, count: 20_000))
        try elf.write(to: dir.appendingPathComponent("binary"))
        for name in ["ctl.Dockerfile", "binary"] {
            let result = try runProcess(binary, ["lint", "--no-color", dir.appendingPathComponent(name).path])
            #expect(result.status == 1)
            #expect(!result.stdout.contains { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 } && !result.stdout.contains(0x7F), "\(name): \(result.stdoutText)")
            #expect(result.stdout.count < 2_000, "\(name): \(result.stdout.count) bytes")
        }
        let shown = try runProcess(binary, ["lint", "--no-color", dir.appendingPathComponent("ctl.Dockerfile").path]).stdoutText
        #expect(shown.contains(" 2 | ␛[2J␛]0;pwned␇"), "\(shown)")
    }

    @Test(arguments: [
        ["lint"],
        ["lint", "--format", "yaml", "Dockerfile"],
        ["lint", "--no-such-option", "Dockerfile"],
        ["lint", "--failure-threshold", "loud", "Dockerfile"],
        ["lint", "--shellcheck", "sometimes", "Dockerfile"],
        ["lint", "--unsafe", "Dockerfile"],
        ["lint", "--require-label", ":", "Dockerfile"],
        ["lint", "--require-label", ":email", "Dockerfile"],
        ["lint", "--require-label", "maintainer", "Dockerfile"],
    ])
    func usageErrorsExitWithTwoAndSayWhatToDo(arguments: [String]) throws {
        let result = try runProcess(binary, arguments)
        #expect(result.status == 2)
        let message = String(decoding: result.stderr, as: UTF8.self)
        #expect(message.contains("Error:"))
        #expect(message.contains("dockerlings lint --help"))
        #expect(result.stdout.isEmpty)
    }

    @Test func aRequiredLabelWithoutANameSaysSo() throws {
        let result = try runProcess(binary, ["lint", "--require-label", ":", "Dockerfile"])
        #expect(result.status == 2)
        #expect(String(decoding: result.stderr, as: UTF8.self).contains("--require-label ':' names no label"))
    }

    @Test func unreadableFileExitsWithTwoAfterLintingTheOthers() throws {
        let dir = try write(["Dockerfile": "FROM debian\n"])
        let result = try runProcess(binary, ["lint", "--shellcheck", "never", "-f", "json",
                                             dir.appendingPathComponent("Dockerfile").path, dir.appendingPathComponent("missing").path])
        #expect(result.status == 2)
        #expect(String(decoding: result.stderr, as: UTF8.self).contains("missing"))
        let findings = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        #expect(findings.contains { $0["code"] as? String == "DL3006" })
    }

    @Test func manyFilesAndStandardInputInHadolintsJSONShape() throws {
        let dir = try write(["a.Dockerfile": "FROM debian\n", "b.Dockerfile": "FROM debian:12\nRUN cd /tmp\n"])
        let result = try runProcess(binary, ["lint", "--shellcheck", "never", "-f", "json", "--no-fail",
                                             dir.appendingPathComponent("a.Dockerfile").path, dir.appendingPathComponent("b.Dockerfile").path, "-"],
                                    stdin: Data("FROM alpine:latest\n".utf8))
        #expect(result.status == 0)
        let findings = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        for finding in findings {
            #expect(Set(finding.keys) == ["code", "column", "file", "level", "line", "message"])
        }
        let seen = Set(findings.map { "\(($0["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } ?? "")|\($0["code"] ?? "")|\($0["line"] ?? "")" })
        #expect(seen.isSuperset(of: ["a.Dockerfile|DL3006|1", "b.Dockerfile|DL3003|2", "-|DL3007|1"]))
    }

    /// `--diff` shows the safe fixes and writes nothing; `--fix` applies them and keeps every
    /// other byte (CRLF, comments, continuations); `--fix --unsafe` adds the rest.
    @Test func fixAndDiffRewriteOnlyTheFindingsWords() throws {
        let original = "FROM debian:12\r\n# the web server\r\nRUN apt-get update && \\\r\n    apt-get install -y nginx=1.22\r\nMAINTAINER me@example.com\r\nCMD nginx -g daemon-off\r\n"
        let dir = try write(["Dockerfile": original])
        let file = dir.appendingPathComponent("Dockerfile")
        let diff = try runProcess(binary, ["lint", "--shellcheck", "never", "--diff", file.path])
        #expect(diff.status == 1)
        let shown = String(decoding: diff.stdout, as: UTF8.self)
        #expect(shown.contains("-    apt-get install -y nginx=1.22\r\n+    apt-get install --no-install-recommends -y nginx=1.22 && rm -rf /var/lib/apt/lists/*\r\n"))
        #expect(shown.contains("+CMD [\"nginx\", \"-g\", \"daemon-off\"]\r\n"))
        #expect(!shown.contains("LABEL"), "MAINTAINER's rewrite is unsafe: not without --unsafe")
        #expect(try Data(contentsOf: file) == Data(original.utf8), "--diff writes nothing")

        let fixed = try runProcess(binary, ["lint", "--shellcheck", "never", "--fix", file.path])
        let expected = "FROM debian:12\r\n# the web server\r\nRUN apt-get update && \\\r\n    apt-get install --no-install-recommends -y nginx=1.22 && rm -rf /var/lib/apt/lists/*\r\nMAINTAINER me@example.com\r\nCMD [\"nginx\", \"-g\", \"daemon-off\"]\r\n"
        #expect(String(decoding: try Data(contentsOf: file), as: UTF8.self) == expected)
        let report = String(decoding: fixed.stdout, as: UTF8.self)
        #expect(fixed.status == 1 && report.contains("DL4000") && !report.contains("DL3015") && !report.contains("DL3025"))
        #expect(String(decoding: fixed.stderr, as: UTF8.self).contains("fixed 4 findings"))

        _ = try runProcess(binary, ["lint", "--shellcheck", "never", "--fix", "--unsafe", file.path])
        #expect(String(decoding: try Data(contentsOf: file), as: UTF8.self).contains("\r\nLABEL org.opencontainers.image.authors=\"me@example.com\"\r\n"))
    }
}
