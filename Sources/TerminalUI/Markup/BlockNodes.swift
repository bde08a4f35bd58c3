/// The root of a parsed Markdown file.
public struct Document: BlockMarkup {
    public var children: [any BlockMarkup]
    public init(children: [any BlockMarkup]) { self.children = children }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitDocument(self) }
}

/// `#` to `######`, or a setext heading.
public struct Heading: BlockMarkup {
    public var level: Int
    public var children: [any InlineMarkup]
    public init(level: Int, children: [any InlineMarkup]) { self.level = level; self.children = children }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitHeading(self) }
}

public struct Paragraph: BlockMarkup {
    public var children: [any InlineMarkup]
    public init(children: [any InlineMarkup]) { self.children = children }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitParagraph(self) }
}

public struct BlockQuote: BlockMarkup {
    public var children: [any BlockMarkup]
    public init(children: [any BlockMarkup]) { self.children = children }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitBlockQuote(self) }
}

/// A bullet or ordered list. Tight lists have no blank lines between their items.
public struct ListBlock: BlockMarkup {
    public enum Kind: Sendable, Equatable {
        case bullet
        case ordered(start: Int)
    }
    public var kind: Kind
    public var isTight: Bool
    public var items: [ListItem]
    public init(kind: Kind, isTight: Bool, items: [ListItem]) {
        self.kind = kind; self.isTight = isTight; self.items = items
    }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitList(self) }
}

/// One list item; `checkbox` is set for GFM task-list items (`- [ ]`, `- [x]`).
public struct ListItem: BlockMarkup {
    public enum Checkbox: Sendable, Equatable { case checked, unchecked }
    public var checkbox: Checkbox?
    public var children: [any BlockMarkup]
    public init(checkbox: Checkbox? = nil, children: [any BlockMarkup]) {
        self.checkbox = checkbox; self.children = children
    }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitListItem(self) }
}

/// A fenced or indented code block. `language` is the first word of the info string.
public struct CodeBlock: BlockMarkup {
    public var language: String?
    public var code: String
    public init(language: String?, code: String) { self.language = language; self.code = code }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitCodeBlock(self) }
}

/// Raw HTML at block level; a terminal shows it as text.
public struct HTMLBlock: BlockMarkup {
    public var rawHTML: String
    public init(rawHTML: String) { self.rawHTML = rawHTML }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitHTMLBlock(self) }
}

public struct ThematicBreak: BlockMarkup {
    public init() {}
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitThematicBreak(self) }
}

/// A GFM table: one header row, body rows, and an alignment per column.
public struct Table: BlockMarkup {
    public enum Alignment: Sendable, Equatable { case none, left, center, right }
    public struct Cell: Sendable {
        public var children: [any InlineMarkup]
        public init(children: [any InlineMarkup]) { self.children = children }
    }
    public struct Row: Sendable {
        public var cells: [Cell]
        public init(cells: [Cell]) { self.cells = cells }
    }
    public var alignments: [Alignment]
    public var head: Row
    public var body: [Row]
    public init(alignments: [Alignment], head: Row, body: [Row]) {
        self.alignments = alignments; self.head = head; self.body = body
    }
    public var columnCount: Int {
        max(alignments.count, head.cells.count, body.map(\.cells.count).max() ?? 0)
    }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitTable(self) }
}

/// A GFM footnote's text (`[^note]: ...`). cmark moves the ones that are referenced to
/// the end of the document, numbered in the order they are first referenced.
public struct FootnoteDefinition: BlockMarkup {
    public var number: Int
    public var children: [any BlockMarkup]
    public init(number: Int, children: [any BlockMarkup]) { self.number = number; self.children = children }
    public func accept<V: MarkupVisitor>(_ visitor: inout V) -> V.Result { visitor.visitFootnoteDefinition(self) }
}
