import DockerfileSyntax
import ImageAnalysis

/// The instructions of a Dockerfile as the analyser pairs them with layers: each with the
/// line it starts on, stage by stage, FROM first (global ARGs make no layers), a heredoc's
/// body attached (it is the command BuildKit records in the image history).
public enum SourceLines {
    public static func instructions(_ file: Dockerfile) -> [SourceInstruction] {
        file.stages.flatMap { stage in [source(stage.from.raw)] + stage.instructions.map { source($0.raw) } }
    }

    private static func source(_ raw: RawInstruction) -> SourceInstruction {
        let bodies = (raw.heredocs + (raw.onbuildTrigger?.heredocs ?? [])).map(\.content)
        return SourceInstruction(line: raw.range.start.line, text: ([raw.original] + bodies).joined(separator: "\n"))
    }
}
