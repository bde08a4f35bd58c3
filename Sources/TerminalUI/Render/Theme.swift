/// The styles of each element, in the sixteen standard colours. One place to change
/// the look; the renderer never spells a colour itself.
struct Theme: Sendable {
    var heading1 = Style(foreground: .brightWhite, background: .magenta, bold: true)
    var heading2 = Style(foreground: .brightCyan, bold: true)
    var heading2Rule = Style(foreground: .cyan)
    var heading3 = Style(foreground: .cyan, bold: true)
    var heading4 = Style(bold: true)
    var heading5 = Style(bold: true, italic: true)
    var heading6 = Style(dim: true, italic: true)
    var emphasis = Style(italic: true)
    var strong = Style(bold: true)
    var strikethrough = Style(strikethrough: true)
    var inlineCode = Style(foreground: .yellow)
    var link = Style(foreground: .blue, underline: true)
    var reference = Style(foreground: .brightBlack)
    var image = Style(foreground: .magenta)
    var html = Style(foreground: .brightBlack)
    var quoteBar = Style(foreground: .brightBlack)
    var quoteText = Style(italic: true)
    var bullet = Style(foreground: .cyan)
    var taskDone = Style(foreground: .green)
    var taskOpen = Style(foreground: .yellow)
    var rule = Style(foreground: .brightBlack)
    var frame = Style(foreground: .brightBlack)
    var frameLabel = Style(foreground: .cyan)
    var tableBorder = Style(foreground: .brightBlack)
    var tableHeader = Style(bold: true)

    func style(for token: TokenKind) -> Style {
        switch token {
        case .plain: return .plain
        case .keyword: return Style(foreground: .magenta)
        case .instruction: return Style(foreground: .blue, bold: true)
        case .flag: return Style(foreground: .cyan)
        case .variable: return Style(foreground: .brightMagenta)
        case .string: return Style(foreground: .green)
        case .comment: return Style(foreground: .brightBlack, italic: true)
        case .number: return Style(foreground: .yellow)
        case .operator: return Style(foreground: .red)
        case .key: return Style(foreground: .blue)
        case .prompt: return Style(foreground: .brightBlack)
        case .command: return Style(bold: true)
        case .output: return Style(dim: true)
        case .literal: return Style(foreground: .yellow)
        }
    }
}
