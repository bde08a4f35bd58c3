import ArgumentParser
import DockerfileLint
import Foundation

/// `lint --fix`, `--fix --unsafe` and `--diff`: the rewrites the rules suggest, applied to
/// the files (or shown as a diff) before the report of what is left.
extension LintRequest {
    /// Applies the fixes to every readable input (writing the files, or printing them for
    /// standard input) and returns what is left of each, the report's results; nil when
    /// `--diff` printed the diffs and nothing more is to be reported.
    func applyFixes(_ inputs: [(name: String, bytes: [UInt8])], session: LintSession) throws -> [LintResult]? {
        let outcomes = try session.fix(inputs, unsafe: unsafe)
        var out: [LintResult] = []
        var diffs = ""
        for (k, input) in inputs.enumerated() {
            let outcome = outcomes[k]
            if diff {
                diffs += UnifiedDiff.render(old: input.bytes, new: outcome.bytes, file: input.name)
                continue
            }
            if outcome.changed {
                if input.name == "-" {
                    // Standard input cannot be written back: the fixed file goes to standard
                    // output, the report of what is left to standard error.
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
            var said = "\(input.name): fixed \(n) finding\(n == 1 ? "" : "s")\(unsafe ? " (unsafe fixes included)" : "")"
            if !outcome.withheld.isEmpty {
                let which = outcome.withheld.map { "\($0.code) line \($0.line)" }.joined(separator: ", ")
                said += "; withheld \(outcome.withheld.count) (\(which)): applied, it would change other findings or the parse, so it is left for you to judge"
            }
            FileHandle.standardError.write(Data((said + "\n").utf8))
            out.append(outcome.result)
        }
        if diff {
            FileHandle.standardOutput.write(Data(diffs.utf8))
            if !diffs.isEmpty { throw ExitCode(1) }
            return nil
        }
        return out
    }
}
