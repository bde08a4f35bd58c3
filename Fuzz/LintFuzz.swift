// libFuzzer entry point for the linter: every input is parsed and linted with every rule,
// the opt-in course rules included, and the report rendered in each format. Built by
// scripts/fuzz.sh lint against DockerfileSyntax and DockerfileLint compiled with the same
// sanitizers (not part of the package build: it has no main).
import DockerfileLint

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLinter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var configuration = LintConfiguration()
    configuration.enabled = ["course", "InvalidDefinitionDescription"]
    let result = Linter(configuration: configuration).lint(bytes, file: "Dockerfile")
    for format in OutputFormat.allCases {
        _ = format.render([result], color: true)
    }
    return 0
}
