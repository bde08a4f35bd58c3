// libFuzzer entry point for the linter: every input is parsed and linted with every rule,
// the opt-in course rules included, and the report rendered in each format; the same bytes
// are also split as one shell script (the RUN splitter every rule and course check reads).
// Built by scripts/fuzz.sh lint against SystemSupport, DockerfileSyntax and DockerfileLint
// compiled with the same sanitizers (not part of the package build: it has no main).
import DockerfileLint

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLinter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var configuration = LintConfiguration()
    configuration.enabled = ["course", "InvalidDefinitionDescription"]
    let result = Linter(configuration: configuration).lint(bytes, file: "Dockerfile")
    for format in LintReportFormat.allCases {
        _ = format.render([result], color: true)
    }
    let script = RunScript.parse(String(decoding: bytes, as: UTF8.self))
    for command in script.commands {
        _ = (command.program, command.operands, command.flags, command.redirections)
    }
    return 0
}
