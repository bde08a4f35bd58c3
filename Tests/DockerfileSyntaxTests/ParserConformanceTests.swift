import DockerfileSyntax
import Foundation
import Testing

/// BuildKit's own parser test files: our AST dump must equal BuildKit's `result` byte for byte.
@Suite struct ParserConformanceTests {
    static let positiveCases = (try? Fixtures.cases(in: Fixtures.parserDir.appendingPathComponent("testfiles"))) ?? []
    static let negativeCases = (try? Fixtures.cases(in: Fixtures.parserDir.appendingPathComponent("testfiles-negative"))) ?? []

    @Test func allConformanceFilesArePresent() {
        #expect(Self.positiveCases.count == 33)
        #expect(Self.negativeCases.count == 4)
    }

    @Test(arguments: positiveCases)
    func dumpMatchesBuildKitResult(_ dir: URL) throws {
        let expected = try String(contentsOf: dir.appendingPathComponent("result"), encoding: .utf8)
        let parsed = try Fixtures.parse(dir.appendingPathComponent("Dockerfile")).get()
        #expect(ASTDump.dump(parsed) == expected, "\(dir.lastPathComponent)")
    }

    @Test(arguments: negativeCases)
    func negativeCaseIsRejected(_ dir: URL) {
        let result = Fixtures.parse(dir.appendingPathComponent("Dockerfile"))
        guard case .failure(let error) = result else {
            Issue.record("\(dir.lastPathComponent) parsed but BuildKit rejects it")
            return
        }
        #expect(!error.message.isEmpty)
    }

    /// NOTES.md: AST start 5 / end 31; children (5,5) (11,12) (17,31).
    @Test func lineRangesMatchBuildKit() throws {
        let parsed = try Fixtures.parse(Fixtures.parserDir.appendingPathComponent("testfile-line/Dockerfile")).get()
        let ranges = parsed.instructions.map { [$0.range.start.line, $0.range.end.line] }
        #expect(ranges == [[5, 5], [11, 12], [17, 31]])
        #expect(parsed.instructions.first?.range.start.line == 5)
        #expect(parsed.instructions.last?.range.end.line == 31)
    }

    @Test func heredocsMatchExpectedJSON() throws {
        for name in ["extract", "json-form"] {
            let dir = Fixtures.parserDir.appendingPathComponent("testfiles-heredoc/\(name)")
            let expected = try #require(try Fixtures.json(dir.appendingPathComponent("expected.json")) as? [String: Any])
            let children = try #require(expected["children"] as? [[String: Any]])
            let parsed = try Fixtures.parse(dir.appendingPathComponent("Dockerfile")).get()
            for child in children {
                let index = try #require(child["index"] as? Int)
                try #require(index < parsed.instructions.count, "\(name): no instruction \(index)")
                let ours = parsed.instructions[index].heredocs
                guard let docs = child["heredocs"] as? [[String: Any]] else {
                    #expect(ours.isEmpty, "\(name) child \(index) should have no heredocs: \(ours)")
                    continue
                }
                #expect(ours.count == docs.count, "\(name) child \(index)")
                for (doc, mine) in zip(docs, ours) {
                    #expect(mine.name == doc["name"] as? String, "\(name) child \(index)")
                    #expect(mine.fileDescriptor == doc["file_descriptor"] as? Int)
                    #expect(mine.expand == doc["expand"] as? Bool, "\(name) child \(index) expand")
                    #expect(mine.chomp == doc["chomp"] as? Bool, "\(name) child \(index) chomp")
                    #expect(mine.content == doc["content"] as? String, "\(name) child \(index) content")
                }
            }
        }
    }

    @Test func heredocWordsAndLines() throws {
        let url = Fixtures.parserDir.appendingPathComponent("testfiles-heredoc/heredoc-words.json")
        let data = try #require(try Fixtures.json(url) as? [String: Any])
        let words = try #require(data["parse_heredoc_word"] as? [String: Any])
        for word in words["valid_name_EOF"] as? [String] ?? [] {
            #expect(try HeredocProbe.word(word)?.name == "EOF", "\(word)")
        }
        for word in words["not_heredoc"] as? [String] ?? [] {
            #expect(try HeredocProbe.word(word) == nil, "\(word)")
        }
        for word in words["invalid"] as? [String] ?? [] {
            #expect(throws: (any Error).self, "\(word)") { try HeredocProbe.word(word) }
        }
        let lines = try #require((data["heredocs_from_line"] as? [String: Any])?["cases"] as? [[String: Any]])
        for item in lines {
            let line = try #require(item["line"] as? String)
            let found = try HeredocProbe.line(line)
            #expect(found.map(\.name) == item["names"] as? [String], "\(line)")
            if let fd = item["file_descriptor"] as? Int {
                #expect(found.first?.fileDescriptor == fd)
            }
        }
        let chomp = try #require(data["chomp"] as? [String: String])
        let doc = Heredoc(name: "EOF", chomp: true, content: chomp["input"] ?? "")
        #expect(doc.chompedContent == chomp["output"])
    }
}
