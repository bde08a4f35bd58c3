import Foundation
import Testing
import TestSupport

/// `dockerlings parse` as a user runs it: formats, exit codes, errors with file:line:column.
@Suite struct ParseCommandTests {
    let binary = RepoPaths.product("dockerlings")

    func write(_ text: String, bytes: [UInt8]? = nil) throws -> URL {
        let dir = try RepoPaths.temporaryDirectory("parse-cli")
        let url = dir.appendingPathComponent("Dockerfile")
        try Data(bytes ?? Array(text.utf8)).write(to: url)
        return url
    }

    @Test func dumpMatchesBuildKitResultThroughTheBinary() throws {
        let dir = RepoPaths.shared("conformance/buildkit-parser/testfiles/health")
        let result = try runProcess(binary, ["parse", "--format", "dump", dir.appendingPathComponent("Dockerfile").path])
        #expect(result.status == 0)
        #expect(result.stdout == (try Data(contentsOf: dir.appendingPathComponent("result"))))
    }

    @Test func referenceJSONHasTheOracleShape() throws {
        let url = try write("FROM alpine\nENV A=1 B=2\nONBUILD RUN echo hi\n")
        let result = try runProcess(binary, ["parse", "--format", "reference-json", url.path])
        #expect(result.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(doc["ok"] as? Bool == true)
        let instructions = try #require(doc["instructions"] as? [[String: Any]])
        #expect(instructions.map { $0["cmd"] as? String } == ["FROM", "ENV", "ONBUILD"])
        #expect(instructions[1]["value"] as? [String] == ["A", "1", "B", "2"])
        #expect(instructions[2]["sub_cmd"] as? String == "RUN")

        let bad = try write("FROM x\nENV novalue\n")
        let failed = try runProcess(binary, ["parse", "--format", "reference-json", bad.path])
        #expect(failed.status == 1)
        let err = try #require(try JSONSerialization.jsonObject(with: failed.stdout) as? [String: Any])
        #expect(err["ok"] as? Bool == false)
        #expect(err["error"] as? String == "ENV must have two arguments")
    }

    @Test func jsonAndTreeShowStagesAndTypedFields() throws {
        let url = try write("FROM golang:1.22 AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app\nCMD [\"/app\"]\n")
        let json = try runProcess(binary, ["parse", "--format", "json", url.path])
        #expect(json.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let stages = try #require(doc["stages"] as? [[String: Any]])
        #expect(stages.map { $0["name"] as? String } == ["build", nil])
        let tree = try runProcess(binary, ["parse", url.path])
        #expect(tree.status == 0)
        #expect(tree.stdoutText.contains("stage 0 \"build\""))
        #expect(tree.stdoutText.contains("from: \"build\""))
    }

    @Test func errorsNameFileLineAndColumnAndExitOne() throws {
        let heredoc = try write("FROM x\nRUN <<EOF\necho hi\n")
        let r1 = try runProcess(binary, ["parse", heredoc.path])
        #expect(r1.status == 1)
        #expect(r1.stderrText.contains("\(heredoc.path):2:1: error: unterminated heredoc"))
        #expect(r1.stderrText.contains("hint:"))

        let binaryFile = try write("", bytes: [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 1, 2, 3])
        let r2 = try runProcess(binary, ["parse", binaryFile.path])
        #expect(r2.status == 1)
        #expect(r2.stderrText.contains(":1:5: error: NUL byte"))

        let unknown = try write("FROM x\nFOOBAR baz\n")
        let r3 = try runProcess(binary, ["parse", unknown.path])
        #expect(r3.status == 1)
        #expect(r3.stderrText.contains(":2:1: error: unknown instruction: FOOBAR"))

        let missing = try runProcess(binary, ["parse", "/nonexistent/Dockerfile"])
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("no such file"))
    }

    @Test func readsStandardInput() throws {
        let result = try runProcess(binary, ["parse", "--format", "dump", "-"], stdin: Data("FROM a\nRUN b\n".utf8))
        #expect(result.status == 0)
        #expect(result.stdoutText == "(from \"a\")\n(run \"b\")\n")
    }
}
