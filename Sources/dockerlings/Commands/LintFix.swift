import ArgumentParser
import DockerfileLint
import Foundation

/// `lint --fix`, `--fix --unsafe` and `--diff`: the rewrites the rules suggest, applied to
/// the files (or shown as a diff) before the report of what is left.
extension Lint {
    /// Applies the fixes to every readable input; returns the inputs as they now are, or nil
    /// when `--diff` printed the diffs and nothing more is to be reported.
    func applyFixes(_ inputs: [(name: String, bytes: [UInt8])], configuration: LintConfiguration) throws -> [(name: String, bytes: [UInt8])]? {
        let linter = Linter(configuration: configuration)
        var out: [(name: String, bytes: [UInt8])] = []
        var diffs = ""
        for input in inputs {
            let buildContext = BuildContextSource.forDockerfile(input.name, contextDirectory: context)
            let outcome = linter.fix(input.bytes, file: input.name, buildContext: buildContext, unsafe: unsafe)
            if diff {
                diffs += UnifiedDiff.render(old: input.bytes, new: outcome.bytes, file: input.name)
                continue
            }
            if outcome.changed {
                if input.name == "-" {
                    FileHandle.standardOutput.write(Data(outcome.bytes))
                } else {
                    guard FileManager.default.isWritableFile(atPath: input.name) else {
                        FileHandle.standardError.write(Data("dockerlings: cannot write the fixes to \(input.name): it is not writable. Nothing was changed; make it writable, or use --diff to see the fixes.\n".utf8))
                        throw ExitCode(2)
                    }
                    do {
                        // Written in place (not replaced), so the file keeps its owner and mode.
                        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: input.name))
                        try handle.truncate(atOffset: 0)
                        try handle.write(contentsOf: Data(outcome.bytes))
                        try handle.close()
                    } catch {
                        FileHandle.standardError.write(Data("dockerlings: could not write the fixes to \(input.name): \(error.localizedDescription).\n".utf8))
                        throw ExitCode(2)
                    }
                }
            }
            let n = outcome.fixed.count
            FileHandle.standardError.write(Data("\(input.name): fixed \(n) finding\(n == 1 ? "" : "s")\(unsafe ? " (unsafe fixes included)" : "")\n".utf8))
            out.append((input.name, outcome.bytes))
        }
        if diff {
            FileHandle.standardOutput.write(Data(diffs.utf8))
            if !diffs.isEmpty { throw ExitCode(1) }
            return nil
        }
        return out
    }
}
