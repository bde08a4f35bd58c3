/// A code block drawn in a rounded frame with its language in the top border:
///
///     ╭─ dockerfile ─────────╮
///     │ FROM python:3.12     │
///     ╰──────────────────────╯
///
/// Lines too long for the frame continue on the next row after a `↪`, never cut.
struct CodeFrame {
    let context: RenderContext

    func render(_ block: CodeBlock, width: Int) -> [StyledLine] {
        let frameStyle = context.style(context.theme.frame)
        let width = max(8, width)
        let inner = width - 4
        var code = Substring(block.code)
        if code.last == "\n" { code = code.dropLast() }
        let sourceLines = code.split(separator: "\n", omittingEmptySubsequences: false).map(expandTabs)
        let highlighted = SyntaxHighlighting.highlight(sourceLines, language: block.language)

        var lines: [StyledLine] = []
        var top = StyledLine("╭─", frameStyle)
        if let label = block.language, !label.isEmpty,
           DisplayWidth.of(label) + 2 <= width - 4 {
            top.append(" ", frameStyle)
            top.append(label, context.style(context.theme.frameLabel))
            top.append(" ", frameStyle)
        }
        let fill = max(0, width - 1 - top.width)
        top.append(Fragment(Repeated.rule(fill) + "╮", frameStyle), width: fill + 1)
        lines.append(top)

        let left = StyledLine("│ ", frameStyle, width: 2)
        let right = StyledLine(" │", frameStyle, width: 2)
        for tokens in highlighted {
            let fragments = tokens.map { Fragment($0.text, context.style(context.theme.style(for: $0.kind))) }
            let pieces = Wrapper.wrapPreformatted(fragments, width: inner)
            for (index, piece) in pieces.enumerated() {
                var row = left
                if index > 0 {
                    // Continuation rows start with a marker that takes two columns.
                    row = StyledLine("│", frameStyle)
                    row.append("↪", frameStyle)
                }
                row.append(piece)
                if row.width < width - 2 {
                    let pad = width - 2 - row.width
                    row.append(Fragment(Repeated.spaces(pad), .plain), width: pad)
                }
                row.append(right)
                lines.append(row)
            }
        }
        lines.append(StyledLine("╰" + Repeated.rule(width - 2) + "╯", frameStyle, width: width))
        return lines
    }
}

extension StyledLine {
    static func + (lhs: StyledLine, rhs: StyledLine) -> StyledLine {
        var result = lhs
        result.append(rhs)
        return result
    }
}
