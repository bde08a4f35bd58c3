import DockerfileLint
import Foundation
import Testing

/// The ShellCheck pass on the real `shellcheck` (installed by `make test`).
@Suite struct ShellCheckPassTests {
    /// Identical RUN scripts are checked once, yet every RUN gets its finding at its own
    /// line, in its own file; different scripts in small batches keep their own findings.
    @Test func repeatedScriptsAreCheckedOnceAndReportedEverywhere() throws {
        let path = try #require(LintSession.findShellcheck(), "shellcheck is not on PATH: run scripts/install-deps.sh test")
        let repeated = "FROM debian:12\nRUN echo $1 | grep x\n"
        var files: [(name: String, bytes: [UInt8])] = (0..<30).map { k in
            // Every third file puts the same script at a different line.
            let text = k % 3 == 0 ? "FROM debian:12\nWORKDIR /app\nRUN echo $1 | grep x\n" : repeated
            return (name: "f\(k)/Dockerfile", bytes: Array(text.utf8))
        }
        files.append((name: "other/Dockerfile", bytes: Array("FROM debian:12\nRUN cd /tmp && ls `pwd`\n".utf8)))
        let results = try LintSession(configuration: LintConfiguration(), shellcheckPath: path).run(files)
        for (k, result) in results.prefix(30).enumerated() {
            let sc2086 = result.findings.filter { $0.code == "SC2086" }
            #expect(sc2086.count == 1, "\(result.file)")
            #expect(sc2086.first?.line == (k % 3 == 0 ? 3 : 2), "\(result.file)")
            #expect(result.findings.allSatisfy { $0.file == "f\(k)/Dockerfile" })
        }
        #expect(results[30].findings.contains { $0.code == "SC2006" && $0.line == 2 })
        #expect(!results[30].findings.contains { $0.code == "SC2086" })
    }
}
