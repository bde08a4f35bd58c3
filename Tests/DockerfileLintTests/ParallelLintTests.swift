import DockerfileLint
import Foundation
import Testing

/// Many files are linted on every core; the results still come back in the order given,
/// each with its own file's findings, the same as linting the files one at a time.
@Suite struct ParallelLintTests {
    @Test func resultsKeepTheOrderGiven() throws {
        // File k has k+1 `RUN cd` lines (DL3003 each) and sizes vary, so workers finish out of order.
        let files: [(name: String, bytes: [UInt8])] = (0..<64).map { k in
            let body = (0...(k % 7)).map { "RUN cd /d\($0)" }.joined(separator: "\n")
            let padding = String(repeating: "# padding\n", count: (k * 37) % 200)
            return (name: "dir\(k)/Dockerfile", bytes: Array("FROM debian:12\n\(padding)\(body)\n".utf8))
        }
        let session = LintSession(configuration: LintConfiguration())
        let together = try session.run(files)
        #expect(together.map(\.file) == files.map(\.name))
        for (k, result) in together.enumerated() {
            let alone = try session.run([files[k]])[0]
            #expect(result.findings == alone.findings, "\(result.file)")
            #expect(result.findings.filter { $0.code == "DL3003" }.count == k % 7 + 1, "\(result.file)")
        }
    }
}
