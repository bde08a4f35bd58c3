import DockerfileSyntax
import Foundation
import Testing

/// BuildKit's variable-expansion tables (frontend/dockerfile/shell): envVarTest, wordsTest
/// and the ProcessWord cases of lex_test.go.
@Suite struct ShellConformanceTests {
    static let baseEnv = ["PWD": "/home", "SHELL": "bash", "KOREAN": "한국어", "NULL": ""]

    @Test func envVarTest() throws {
        let text = try String(contentsOf: Fixtures.shellDir.appendingPathComponent("envVarTest"), encoding: .utf8)
        let lexer = ShellLexer()
        var checked = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = line.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3, parts[0] != "W" else { continue }
            checked += 1
            let env = Self.baseEnv
            if parts[2] == "error" {
                #expect(throws: ShellExpansionError.self, "\(parts[1])") {
                    try lexer.processWord(parts[1], environment: { env[$0] })
                }
            } else {
                #expect(try lexer.processWord(parts[1], environment: { env[$0] }) == parts[2], "\(parts[1])")
            }
        }
        #expect(checked > 200)
    }

    @Test func wordsTest() throws {
        let text = try String(contentsOf: Fixtures.shellDir.appendingPathComponent("wordsTest"), encoding: .utf8)
        let lexer = ShellLexer()
        var env: [String: String] = [:]
        var checked = 0
        for raw in text.split(separator: "\n") {
            let line = String(raw)
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("ENV ") {
                let assignment = String(line.dropFirst(4).drop { $0 == " " })
                let pieces = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                env[String(pieces[0])] = pieces.count > 1 ? String(pieces[1]) : ""
                continue
            }
            let parts = line.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let input = parts[0].trimmingCharacters(in: .whitespaces)
            let expected = String(parts[1].drop { $0 == " " || $0 == "\t" })
            checked += 1
            let snapshot = env
            if expected == "error" {
                #expect(throws: ShellExpansionError.self, "\(input)") {
                    try lexer.processWords(input, environment: { snapshot[$0] })
                }
            } else {
                let words = try lexer.processWords(input, environment: { snapshot[$0] })
                #expect(words == expected.components(separatedBy: ","), "\(input)")
            }
        }
        #expect(checked >= 20)
    }

    @Test func processWordCases() throws {
        let url = Fixtures.shellDir.appendingPathComponent("process-word-cases.json")
        let root = try #require(try Fixtures.json(url) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        #expect(cases.count == 56)
        let lexer = ShellLexer()
        for item in cases {
            let input = try #require(item["input"] as? String)
            let env = item["env"] as? [String: String] ?? [:]
            if item["error"] as? Bool == true {
                do {
                    _ = try lexer.process(input, environment: { env[$0] })
                    Issue.record("\(input) should fail")
                } catch {
                    if let fragment = item["error_contains"] as? String {
                        #expect(error.message.contains(fragment), "\(input): \(error.message)")
                    }
                }
                continue
            }
            let result = try lexer.process(input, environment: { env[$0] })
            #expect(result.word == item["expected"] as? String, "\(input)")
            if let matches = item["matches"] as? [String] {
                #expect(result.matched == Set(matches), "\(input) matches")
            }
            if let unmatched = item["unmatched"] as? [String] {
                #expect(result.unmatched == Set(unmatched), "\(input) unmatched")
            }
        }
    }
}
