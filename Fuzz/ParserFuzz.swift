// libFuzzer entry point for the Dockerfile parser. Built by scripts/fuzz.sh parser together
// with the sources of DockerfileSyntax (not part of the package build: it has no main).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? Dockerfile.parse(bytes) else { return 0 }
    // Walk everything the other modules will touch.
    _ = ASTDump.dump(file.parsed)
    _ = ParseReport.json(file)
    _ = ParseReport.tree(file)
    let environment = BuildEnvironment()
    for stage in file.stages {
        _ = environment.image(of: stage.from, in: file)
        _ = environment.scopes(of: stage, in: file)
    }
    let lexer = ShellLexer()
    for instruction in file.parsed.instructions {
        for argument in instruction.arguments {
            _ = try? lexer.processWords(argument, environment: { _ in "x y" })
        }
    }
    return 0
}
