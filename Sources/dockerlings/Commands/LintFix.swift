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
        // Each file's fixes on its own core (a Linter keeps no state between files).
        let outcomes = FixOutcomes(count: inputs.count)
        let (unsafe, context) = (self.unsafe, self.context)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { k in
            let input = inputs[k]
            let buildContext = BuildContextSource.forDockerfile(input.name, contextDirectory: context)
            outcomes.set(k, linter.fix(input.bytes, file: input.name, buildContext: buildContext, unsafe: unsafe))
        }
        var out: [(name: String, bytes: [UInt8])] = []
        var diffs = ""
        for (k, input) in inputs.enumerated() {
            let outcome = outcomes.get(k)
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

/// The outcomes of the parallel fix, filled in by the workers in any order.
private final class FixOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [FixOutcome?]
    init(count: Int) { outcomes = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ outcome: FixOutcome) { lock.withLock { outcomes[k] = outcome } }
    func get(_ k: Int) -> FixOutcome { lock.withLock { outcomes[k]! } }
}
