import ArgumentParser
import DockerfileSyntax
import Foundation

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse a Dockerfile exactly as BuildKit does and print what it sees.",
        discussion: """
            Formats:
              tree            instructions grouped by stage, with typed fields (default)
              json            the typed instructions and stages as JSON
              dump            BuildKit's own AST dump, as in its parser tests
              reference-json  the shape printed by BuildKit's Go parser wrapper
                              (../shared/conformance/buildkit-parser/dump_reference.py),
                              so the two can be diffed on any file

            Exit status: 0 parsed, 1 the Dockerfile is rejected (the error names the line), \
            2 the file cannot be read.

            Examples:
              dockerlings parse Dockerfile
              dockerlings parse --format dump Dockerfile
              diff <(dockerlings parse --format reference-json Dockerfile | jq .instructions) \\
                   <(python3 dump_reference.py Dockerfile | jq .instructions)
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case tree, json, dump
        case referenceJSON = "reference-json"
    }

    @Option(name: .shortAndLong, help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .tree

    @Argument(help: "The Dockerfile to parse ('-' reads standard input).")
    var file: String

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(file)
        } catch {
            FileHandle.standardError.write(Data("dockerlings: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let result = Result { () throws(DockerfileError) in try DockerfileParser.parse(bytes) }
        if format == .referenceJSON {
            print(ReferenceJSON.render(result), terminator: "")
            if case .failure = result { throw ExitCode(1) }
            return
        }
        let parsed: ParsedDockerfile
        switch result {
        case .success(let p): parsed = p
        case .failure(let error):
            FileHandle.standardError.write(Data("\(file):\(error)\n".utf8))
            throw ExitCode(1)
        }
        switch format {
        case .dump, .referenceJSON:
            print(ASTDump.dump(parsed), terminator: "")
        case .tree:
            print(ParseReport.tree(Dockerfile(parsed)), terminator: "")
        case .json:
            print(ParseReport.json(Dockerfile(parsed)), terminator: "")
        }
    }
}
