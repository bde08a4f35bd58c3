import DockerfileSyntax
import Foundation
import ImageAnalysis

/// The instructions of a Dockerfile as the analyser pairs them with layers: each with the
/// line it starts on, stage by stage, FROM first (global ARGs make no layers), a heredoc's
/// body attached (it is the command BuildKit records in the image history).
public enum SourceLines {
    public static func instructions(_ file: Dockerfile) -> [SourceInstruction] {
        file.stages.flatMap { stage in [source(stage.from.raw)] + stage.instructions.map { source($0.raw) } }
    }

    /// The instructions of the Dockerfile at `path` (what `analyze --dockerfile` and `measure`
    /// pair with layers); the error says whether it could not be read or not be parsed.
    public static func instructions(atPath path: String) throws(SourceLinesError) -> [SourceInstruction] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SourceLinesError(description: "Cannot read the Dockerfile \(path): check the path.")
        }
        do {
            return instructions(try Dockerfile.parse([UInt8](data)))
        } catch {
            throw SourceLinesError(description: "The Dockerfile \(path) cannot be parsed: \(error)")
        }
    }

    private static func source(_ raw: RawInstruction) -> SourceInstruction {
        let bodies = (raw.heredocs + (raw.onbuildTrigger?.heredocs ?? [])).map(\.content)
        return SourceInstruction(line: raw.range.start.line, text: ([raw.original] + bodies).joined(separator: "\n"))
    }
}

/// A Dockerfile that `SourceLines.instructions(atPath:)` could not read or parse.
public struct SourceLinesError: Error, CustomStringConvertible, Sendable {
    public var description: String
}
