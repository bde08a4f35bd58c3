import ArgumentParser
import Course
import Foundation
import ImageAnalysis

/// A Dockerfile's instructions, to name the line each layer came from (analyze, measure);
/// a file that cannot be read or parsed is a usage error.
func dockerfileInstructions(_ path: String) throws -> [SourceInstruction] {
    do { return try SourceLines.instructions(atPath: path) } catch { throw ValidationError(error.description) }
}

/// Prints a typed error's advice to stderr; exit status 2 means "could not analyse".
func reportFailure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    return ExitCode(2)
}
