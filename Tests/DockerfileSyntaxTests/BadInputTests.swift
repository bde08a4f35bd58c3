import Foundation
import DockerfileSyntax
import Testing
import TestSupport

/// Input that is not a well-formed Dockerfile gets an error with its position and breaks nothing.
@Suite struct BadInputTests {
    func error(_ bytes: [UInt8]) -> DockerfileError? {
        do {
            _ = try DockerfileParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func invalidUTF8IsRejectedWithItsPosition() throws {
        let e = try #require(error(Array("FROM x\nRUN echo ".utf8) + [0xFF, 0xFE] + [0x0A]))
        #expect(e.kind == .notText)
        #expect(e.range?.start == SourcePosition(line: 2, column: 10))
        #expect(e.message.contains("UTF-8"))
        // Overlong encodings and lone surrogates are not UTF-8 either.
        #expect(error(Array("FROM x\n".utf8) + [0xC0, 0xAF])?.kind == .notText)
        #expect(error(Array("FROM x\n".utf8) + [0xED, 0xA0, 0x80])?.kind == .notText)
        #expect(error(Array("FROM x\n# é ✓ 🐳\n".utf8)) == nil)
    }

    @Test func nulBytesAndBinaryFilesAreRejected() throws {
        let e = try #require(error(Array("FROM x\nRUN a\0b\n".utf8)))
        #expect(e.kind == .notText && e.range?.start == SourcePosition(line: 2, column: 6))
        let binary = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(error(binary)?.kind == .notText)
    }

    @Test func hugeFileParsesCompletely() throws {
        let unit = Array("FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\nCOPY . /app\n".utf8)
        var text: [UInt8] = []
        while text.count < 20 << 20 { text += unit }
        let parsed = try DockerfileParser.parse(text)
        #expect(parsed.instructions.count == text.count / unit.count * 3)
    }

    @Test func twoHundredThousandContinuationLines() throws {
        var text = "FROM x\nRUN echo a \\\n"
        text += String(repeating: "  && echo b \\\n", count: 200_000)
        text += "  && echo end\n"
        let parsed = try DockerfileParser.parse(text)
        #expect(parsed.instructions.count == 2)
        #expect(parsed.instructions[1].range.end.line == 200_003)
        #expect(parsed.instructions[1].arguments[0].hasSuffix("&& echo end"))
    }

    @Test func unterminatedHeredocNamesTheLines() throws {
        let e = try #require(error(Array("FROM x\nRUN <<EOF\necho hi\n".utf8)))
        #expect(e.message == "unterminated heredoc")
        #expect(e.range?.start.line == 2)
        #expect(e.hint?.contains("EOF") == true)
    }

    @Test func overlongLineAndEmptyFile() throws {
        let long = Array("FROM x\nRUN ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 70_000)
        let e = try #require(error(long))
        #expect(e.kind == .limit && e.range?.start.line == 2)
        #expect(error([])?.message == "file with no instructions")
        #expect(error(Array("# just a comment\n\n".utf8))?.message == "file with no instructions")
    }

    @Test func unknownInstructionIsAProblemNotACrash() throws {
        let file = try Dockerfile.parse("FROM x\nFOOBAR baz\n")
        #expect(file.problems.count == 1)
        #expect(file.problems[0].message == "unknown instruction: FOOBAR")
        #expect(file.problems[0].range?.start == SourcePosition(line: 2, column: 1))
    }

    /// Mangled real files: each one either parses (and every output of the parse can be
    /// made) or is refused with a clear error, a message and a position inside the file.
    /// Seeded: a failure prints the seed, and `DOCKERLINGS_TEST_SEED=N` replays it.
    @Test func randomAndMangledInputParsesOrGivesAClearError() throws {
        let seed = SeededGenerator.seedFromEnvironment()
        var rng = SeededGenerator(seed: seed)
        let originals = try Fixtures.corpusFiles().prefix(50).map { try Fixtures.bytes($0) }
        var parsed = 0, refused = 0
        for original in originals {
            for _ in 0..<20 {
                var bytes = original
                for _ in 0..<8 where !bytes.isEmpty {
                    let i = Int.random(in: 0..<bytes.count, using: &rng)
                    bytes[i] = Array("\\\n<[\"'${-`\u{0}".utf8).randomElement(using: &rng)!
                }
                let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
                do {
                    let file = try Dockerfile.parse(bytes)
                    #expect(!ASTDump.dump(file.parsed).isEmpty, "seed \(seed): a parse with nothing to dump")
                    let json = ParseReport.json(file)
                    #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "seed \(seed): the parse's JSON does not read back")
                    parsed += 1
                } catch {
                    #expect(!error.message.isEmpty, "seed \(seed): an error without a message")
                    let line = error.range?.start.line ?? 0
                    #expect(error.message == "file with no instructions" || (1...lines).contains(line),
                            "seed \(seed): \"\(error.message)\" at line \(line) of \(lines)")
                    refused += 1
                }
            }
        }
        #expect(parsed + refused == originals.count * 20 && parsed > 0 && refused > 0,
                "seed \(seed): \(parsed) parsed, \(refused) refused: the mangling no longer reaches both outcomes")
    }
}
