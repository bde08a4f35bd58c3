/// A Markdown document as plain Swift values, in the style of apple/swift-markdown: the
/// parser turns cmark-gfm's C nodes into these once, and every renderer is a walk over
/// them with a `MarkupVisitor` — no C calls outside `MarkdownParser`.
public protocol Markup: Sendable {
    /// Double dispatch: calls the visitor method for this element's type.
    func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result
}

/// A block-level element: a paragraph, heading, list, table, code block...
public protocol BlockMarkup: Markup {}

/// An inline element: text, emphasis, a link, inline code...
public protocol InlineMarkup: Markup {}

/// A walk over the tree. Each method defaults to `defaultVisit`, so a visitor implements
/// only the elements it cares about.
public protocol MarkupVisitor {
    associatedtype Result

    mutating func defaultVisit(_ markup: any Markup) -> Result

    mutating func visitDocument(_ document: Document) -> Result
    mutating func visitHeading(_ heading: Heading) -> Result
    mutating func visitParagraph(_ paragraph: Paragraph) -> Result
    mutating func visitBlockQuote(_ blockQuote: BlockQuote) -> Result
    mutating func visitList(_ list: ListBlock) -> Result
    mutating func visitListItem(_ item: ListItem) -> Result
    mutating func visitCodeBlock(_ codeBlock: CodeBlock) -> Result
    mutating func visitHTMLBlock(_ html: HTMLBlock) -> Result
    mutating func visitThematicBreak(_ thematicBreak: ThematicBreak) -> Result
    mutating func visitTable(_ table: Table) -> Result
    mutating func visitFootnoteDefinition(_ footnote: FootnoteDefinition) -> Result

    mutating func visitPlainText(_ text: PlainText) -> Result
    mutating func visitSoftBreak(_ softBreak: SoftBreak) -> Result
    mutating func visitLineBreak(_ lineBreak: LineBreak) -> Result
    mutating func visitInlineCode(_ code: InlineCode) -> Result
    mutating func visitInlineHTML(_ html: InlineHTML) -> Result
    mutating func visitEmphasis(_ emphasis: Emphasis) -> Result
    mutating func visitStrong(_ strong: Strong) -> Result
    mutating func visitStrikethrough(_ strikethrough: Strikethrough) -> Result
    mutating func visitLink(_ link: Link) -> Result
    mutating func visitImage(_ image: Image) -> Result
    mutating func visitFootnoteReference(_ reference: FootnoteReference) -> Result
}

extension MarkupVisitor {
    public mutating func visit(_ markup: any Markup) -> Result { markup.accept(&self) }

    public mutating func visitDocument(_ document: Document) -> Result { defaultVisit(document) }
    public mutating func visitHeading(_ heading: Heading) -> Result { defaultVisit(heading) }
    public mutating func visitParagraph(_ paragraph: Paragraph) -> Result { defaultVisit(paragraph) }
    public mutating func visitBlockQuote(_ blockQuote: BlockQuote) -> Result { defaultVisit(blockQuote) }
    public mutating func visitList(_ list: ListBlock) -> Result { defaultVisit(list) }
    public mutating func visitListItem(_ item: ListItem) -> Result { defaultVisit(item) }
    public mutating func visitCodeBlock(_ codeBlock: CodeBlock) -> Result { defaultVisit(codeBlock) }
    public mutating func visitHTMLBlock(_ html: HTMLBlock) -> Result { defaultVisit(html) }
    public mutating func visitThematicBreak(_ thematicBreak: ThematicBreak) -> Result { defaultVisit(thematicBreak) }
    public mutating func visitTable(_ table: Table) -> Result { defaultVisit(table) }
    public mutating func visitFootnoteDefinition(_ footnote: FootnoteDefinition) -> Result { defaultVisit(footnote) }

    public mutating func visitPlainText(_ text: PlainText) -> Result { defaultVisit(text) }
    public mutating func visitSoftBreak(_ softBreak: SoftBreak) -> Result { defaultVisit(softBreak) }
    public mutating func visitLineBreak(_ lineBreak: LineBreak) -> Result { defaultVisit(lineBreak) }
    public mutating func visitInlineCode(_ code: InlineCode) -> Result { defaultVisit(code) }
    public mutating func visitInlineHTML(_ html: InlineHTML) -> Result { defaultVisit(html) }
    public mutating func visitEmphasis(_ emphasis: Emphasis) -> Result { defaultVisit(emphasis) }
    public mutating func visitStrong(_ strong: Strong) -> Result { defaultVisit(strong) }
    public mutating func visitStrikethrough(_ strikethrough: Strikethrough) -> Result { defaultVisit(strikethrough) }
    public mutating func visitLink(_ link: Link) -> Result { defaultVisit(link) }
    public mutating func visitImage(_ image: Image) -> Result { defaultVisit(image) }
    public mutating func visitFootnoteReference(_ reference: FootnoteReference) -> Result { defaultVisit(reference) }
}
