/// Markdown to terminal text. `render(markdown:)` is the whole pipeline: front matter
/// split off, cmark-gfm parse, a walk over the tree, painting with or without escapes.
public struct MarkdownRenderer: Sendable {
    public var options: RenderOptions

    public init(options: RenderOptions) { self.options = options }

    /// Renders a Markdown file's text. A front-matter block is not printed; its `title`
    /// becomes the top heading when the body does not open with one.
    public func render(markdown source: String) -> String {
        renderLines(markdown: source).joined(separator: "\n") + "\n"
    }

    public func renderLines(markdown source: String) -> [String] {
        let (frontMatter, body) = FrontMatter.split(source)
        var document = MarkdownParser.parse(String(body))
        if let title = frontMatter?["title"], !title.isEmpty,
           !(document.children.first is Heading) {
            document.children.insert(Heading(level: 1, children: [PlainText(title)]), at: 0)
        }
        return renderLines(document)
    }

    public func render(_ document: Document) -> String {
        renderLines(document).joined(separator: "\n") + "\n"
    }

    public func renderLines(_ document: Document) -> [String] {
        let painter = Painter(colors: options.colors, hyperlinks: options.hyperlinks)
        return styledLines(document).map(painter.paint)
    }

    /// The laid-out document before painting: for tests and for callers that compose.
    public func styledLines(_ document: Document) -> [StyledLine] {
        let context = RenderContext(options: options)
        var renderer = BlockRenderer(context: context, width: options.width)
        var lines = renderer.visitDocument(document)
        lines.append(contentsOf: context.referenceLines(width: options.width))
        return lines
    }
}

/// State shared by one rendering walk: the options, the theme, and the numbered link
/// references collected when the terminal cannot show hyperlinks.
final class RenderContext {
    let options: RenderOptions
    let theme = Theme()
    private(set) var references: [(destination: String, title: String)] = []
    private var referenceIndex: [String: Int] = [:]

    init(options: RenderOptions) { self.options = options }

    /// A style only when colouring; plain output keeps text and drops the look.
    func style(_ style: Style) -> Style { options.colors ? style : .plain }

    /// The number of a link's reference, the same number for the same address.
    func reference(for destination: String, title: String) -> Int {
        let key = destination + "\u{0}" + title
        if let existing = referenceIndex[key] { return existing }
        references.append((destination, title))
        referenceIndex[key] = references.count
        return references.count
    }

    func referenceLines(width: Int) -> [StyledLine] {
        guard !references.isEmpty else { return [] }
        var lines: [StyledLine] = [.empty, StyledLine("Links", style(Style(bold: true)))]
        for (index, reference) in references.enumerated() {
            var line = StyledLine("[\(index + 1)] ", style(theme.reference))
            // An address is never wrapped: it has to stay copyable.
            line.append(reference.destination, style(theme.link))
            if !reference.title.isEmpty { line.append(" \u{201C}\(reference.title)\u{201D}", style(theme.reference)) }
            lines.append(line)
        }
        return lines
    }
}
