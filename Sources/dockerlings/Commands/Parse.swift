import ArgumentParser
import DockerfileSyntax
import Foundation

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a Dockerfile exactly as BuildKit does and print what it sees.",
        discussion: """
            Formats:
              tree            instructions grouped by stage, with typed fields (default)
              json            the typed instructions and stages as JSON
              dump            BuildKit's own AST dump, as in its parser tests
              reference-json  each instruction as BuildKit's Go parser reports it
                              through PyPI's `dockerfile` package (cmd, sub_cmd,
                              json, original, start_line, end_line, flags,
                              value, heredocs), so the two can be diffed

            Exit status: 0 parsed, 1 the Dockerfile is rejected (the error names the line), \
            2 the file cannot be read.

            Examples:
              dockerlings parse Dockerfile
              dockerlings parse --format dump Dockerfile
              dockerlings parse --format reference-json Dockerfile | jq '.instructions[0]'
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
            report(error)
            throw ExitCode(1)
        }
        if format == .dump || format == .referenceJSON {
            // BuildKit's parser view: build-time problems are not its business.
            print(ASTDump.dump(parsed), terminator: "")
            return
        }
        let typed = Dockerfile(parsed)
        print(format == .json ? ParseReport.json(typed) : ParseReport.tree(typed), terminator: "")
        if !typed.problems.isEmpty {
            typed.problems.forEach(report)
            throw ExitCode(1)
        }
    }

    /// `file:line:column: error: message`, then what to do, as compilers print them.
    func report(_ error: DockerfileError) {
        let place = error.range.map { "\($0.start.line):\($0.start.column): " } ?? ""
        var text = "\(file):\(place)error: \(error.message)\n"
        if let hint = error.hint { text += "  hint: \(hint)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
