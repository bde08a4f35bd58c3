/// Flattens inline elements into styled fragments for the wrapper. Styles nest by
/// merging onto a stack; links either carry their URL (OSC 8) or get a `[n]` marker.
struct InlineCollector: MarkupVisitor {
    let context: RenderContext
    private(set) var fragments: [Fragment] = []
    private var styleStack: [Style] = [.plain]

    init(context: RenderContext, base: Style = .plain) {
        self.context = context
        self.styleStack = [context.style(base)]
    }

    static func fragments(for inlines: [any InlineMarkup], context: RenderContext, base: Style = .plain) -> [Fragment] {
        var collector = InlineCollector(context: context, base: base)
        for inline in inlines { collector.visit(inline) }
        return collector.fragments
    }

    private var current: Style { styleStack[styleStack.count - 1] }
    private var colors: Bool { context.options.colors }

    private mutating func emit(_ text: String, _ extra: Style = .plain) {
        guard !text.isEmpty else { return }
        fragments.append(Fragment(text, colors ? current.merging(extra) : current))
    }

    private mutating func within(_ style: Style, _ children: [any InlineMarkup]) {
        styleStack.append(current.merging(colors ? style : .plain))
        for child in children { visit(child) }
        styleStack.removeLast()
    }

    mutating func defaultVisit(_ markup: any Markup) {
        if let inline = markup as? any InlineMarkup { emit(plainText(of: inline)) }
    }

    mutating func visitPlainText(_ text: PlainText) { emit(text.string) }
    mutating func visitSoftBreak(_ softBreak: SoftBreak) { emit(" ") }
    mutating func visitLineBreak(_ lineBreak: LineBreak) { emit("\n") }

    mutating func visitInlineCode(_ code: InlineCode) {
        // Plain output keeps the backticks: without colour they are what marks code.
        emit(colors ? code.code : "`\(code.code)`", context.theme.inlineCode)
    }

    mutating func visitInlineHTML(_ html: InlineHTML) { emit(html.rawHTML, context.theme.html) }
    mutating func visitEmphasis(_ emphasis: Emphasis) { within(context.theme.emphasis, emphasis.children) }
    mutating func visitStrong(_ strong: Strong) { within(context.theme.strong, strong.children) }

    mutating func visitStrikethrough(_ strikethrough: Strikethrough) {
        if colors {
            within(context.theme.strikethrough, strikethrough.children)
        } else {
            emit("~~")
            for child in strikethrough.children { visit(child) }
            emit("~~")
        }
    }

    mutating func visitLink(_ link: Link) {
        var style = context.theme.link
        if context.options.hyperlinks && !link.destination.isEmpty { style.link = link.destination }
        within(style, link.children)
        // The address is already visible for autolinks; other links need a reference
        // unless the terminal makes the text itself clickable.
        let text = link.plainText
        let isAutolink = text == link.destination || "mailto:" + text == link.destination
            || "http://" + text == link.destination
        if !context.options.hyperlinks && !isAutolink && !link.destination.isEmpty {
            let number = context.reference(for: link.destination, title: link.title)
            emit("[\(number)]", context.theme.reference)
        }
    }

    mutating func visitFootnoteReference(_ reference: FootnoteReference) {
        emit("[^\(reference.number)]", context.theme.reference)
    }

    mutating func visitImage(_ image: Image) {
        // A terminal cannot show the picture: say what it is and where it lives.
        let alt = image.altText
        emit(alt.isEmpty ? "[image]" : "[image: ", context.theme.image)
        if !alt.isEmpty {
            within(context.theme.emphasis, image.children)
            emit("]", context.theme.image)
        }
        if !image.source.isEmpty {
            var style = context.theme.reference
            if context.options.hyperlinks { style.link = image.source }
            emit(" ")
            emit(image.source, style)
        }
    }
}
