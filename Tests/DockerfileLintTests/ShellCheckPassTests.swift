@testable import DockerfileLint
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

    /// ShellCheck is told only the ARG/ENV names a script may need (each one costs it
    /// analysis time), and says exactly what it says with every name declared: a name the
    /// script uses, or one close enough to be ShellCheck's "did you mean" (SC2153), stays.
    @Test func undeclaredNamesChangeNoComment() throws {
        let path = try #require(LintSession.findShellcheck(), "shellcheck is not on PATH: run scripts/install-deps.sh test")
        let dockerfile = """
            FROM debian:12
            ARG MY_VARIABLE=1
            ENV unused_name=2 other=3 COUNT=4
            RUN echo "$MY_VARIABEL" $other && apt-get update
            RUN echo "$undefined_one" $((COUNT + 1)) "${#http_proxy}"
            RUN apt-get install -y curl
            RUN & C:/tools/setup.ps1 --quiet
            SHELL ["/bin/bash", "-c"]
            RUN echo "$HTTPS_PROXI" $unused
            """
        let context = try #require(Linter().lint(Array(dockerfile.utf8), file: "Dockerfile").context)
        let jobs = ShellCheckPass.jobs(for: context, result: 0)
        #expect(jobs.count == 5)
        func exported(_ script: String) -> [String] {
            script.split(separator: "\n").filter { $0.hasPrefix("export ") }.map { String($0.dropFirst(7).prefix { $0 != "=" }) }
        }
        #expect(exported(jobs[0].script) == ["HTTP_PROXY", "MY_VARIABLE", "other"])
        #expect(exported(jobs[1].script) == ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "COUNT"])
        #expect(exported(jobs[2].script) == ["HTTP_PROXY"])
        #expect(exported(jobs[4].script).contains("HTTPS_PROXY"))
        #expect(!exported(jobs[4].script).contains("unused_name"))

        // The same RUN bodies with every name declared, as hadolint writes them.
        let every = ShellCheckPass.proxyNames + ["MY_VARIABLE", "unused_name", "other", "COUNT"]
        let full = jobs.map { job -> String in
            let lines = job.script.split(separator: "\n", omittingEmptySubsequences: false)
            let body = lines.drop { $0.hasPrefix("#!") || $0.hasPrefix("export ") }
            return "\(lines[0])\n" + every.map { "export \($0)=1\n" }.joined() + body.joined(separator: "\n")
        }
        let pass = ShellCheckPass(executable: path)
        let pruned = try pass.check(jobs.map(\.script)), reference = try pass.check(full)
        // The same comments at the same places in the RUN's text (the headers differ in length).
        func relative(_ comments: [[ShellCheckComment]], _ scripts: [String]) -> [[String]] {
            zip(comments, scripts).map { list, script in
                let header = script.split(separator: "\n").prefix { $0.hasPrefix("#!") || $0.hasPrefix("export ") }.count
                return list.map { "\($0.code) \($0.level) \($0.message) \($0.line - header):\($0.column)-\($0.endLine - header):\($0.endColumn)" }
            }
        }
        #expect(relative(pruned, jobs.map(\.script)) == relative(reference, full))
        #expect(reference[0].contains { $0.code == 2153 && $0.message.contains("MY_VARIABLE") }, "\(reference[0])")
        #expect(reference[3].last?.code == 1133, "\(reference[3])")
        #expect(reference[4].contains { $0.code == 2153 && $0.message.contains("HTTPS_PROXY") }, "\(reference[4])")
    }
}
