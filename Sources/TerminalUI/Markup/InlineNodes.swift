/// A run of text without markup (cmark-gfm's TEXT node).
public struct PlainText: InlineMarkup {
    public var string: String
    public init(_ string: String) { self.string = string }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitPlainText(self) }
}

/// A line ending inside a paragraph: a space when the text is re-wrapped.
public struct SoftBreak: InlineMarkup {
    public init() {}
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitSoftBreak(self) }
}

/// A hard line break (two trailing spaces or a backslash).
public struct LineBreak: InlineMarkup {
    public init() {}
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitLineBreak(self) }
}

public struct InlineCode: InlineMarkup {
    public var code: String
    public init(_ code: String) { self.code = code }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitInlineCode(self) }
}

public struct InlineHTML: InlineMarkup {
    public var rawHTML: String
    public init(_ rawHTML: String) { self.rawHTML = rawHTML }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitInlineHTML(self) }
}

public struct Emphasis: InlineMarkup {
    public var children: [any InlineMarkup]
    public init(children: [any InlineMarkup]) { self.children = children }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitEmphasis(self) }
}

public struct Strong: InlineMarkup {
    public var children: [any InlineMarkup]
    public init(children: [any InlineMarkup]) { self.children = children }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitStrong(self) }
}

public struct Strikethrough: InlineMarkup {
    public var children: [any InlineMarkup]
    public init(children: [any InlineMarkup]) { self.children = children }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitStrikethrough(self) }
}

/// A link, including autolinks (`<https://...>` and GFM's bare `www.` / `https://` text).
public struct Link: InlineMarkup {
    public var destination: String
    public var title: String
    public var children: [any InlineMarkup]
    public init(destination: String, title: String = "", children: [any InlineMarkup]) {
        self.destination = destination; self.title = title; self.children = children
    }
    /// The link's visible text, flattened.
    public var plainText: String { children.map(plainText(of:)).joined() }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitLink(self) }
}

public struct Image: InlineMarkup {
    public var source: String
    public var title: String
    /// The alt text, as inline elements.
    public var children: [any InlineMarkup]
    public init(source: String, title: String = "", children: [any InlineMarkup]) {
        self.source = source; self.title = title; self.children = children
    }
    public var altText: String { children.map(plainText(of:)).joined() }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitImage(self) }
}

/// A GFM footnote reference (`[^note]`), by the number of its footnote.
public struct FootnoteReference: InlineMarkup {
    public var number: String
    public init(number: String) { self.number = number }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitFootnoteReference(self) }
}

/// The text a reader sees in an inline element, without styling.
func plainText(of markup: any InlineMarkup) -> String {
    switch markup {
    case let text as PlainText: return text.string
    case let code as InlineCode: return code.code
    case let html as InlineHTML: return html.rawHTML
    case is SoftBreak, is LineBreak: return " "
    case let e as Emphasis: return e.children.map(plainText(of:)).joined()
    case let s as Strong: return s.children.map(plainText(of:)).joined()
    case let s as Strikethrough: return s.children.map(plainText(of:)).joined()
    case let l as Link: return l.plainText
    case let i as Image: return i.altText
    case let f as FootnoteReference: return "[^\(f.number)]"
    default: return ""
    }
}
