import CCmarkGFM
import Foundation

/// Parses Markdown with GitHub's cmark-gfm (CommonMark plus tables, strikethrough,
/// autolinks, task lists and the tag filter) and converts its C nodes to `Document` values.
/// This is the only file that calls cmark.
public enum MarkdownParser {
    /// The GFM extensions every document gets, as GitHub renders it.
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// Registering the core extensions is a one-time global step in cmark-gfm; a lazy
    /// static runs it exactly once, whichever thread parses first.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// cmark-gfm is not safe to run on two threads at once: `cmark_parser_finish` adds the
    /// attached extensions' trigger characters to a process-wide table and removes them when
    /// done, so a parse finishing on one thread strips another's autolinks mid-parse (seen as
    /// links rendered as plain text when tests render in parallel). One parse at a time.
    private static let cmarkLock = NSLock()

    public static func parse(_ source: String) -> Document {
        _ = registered
        cmarkLock.lock()
        defer { cmarkLock.unlock() }
        guard let parser = cmark_parser_new(CMARK_OPT_FOOTNOTES) else { return Document(children: []) }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        var source = source
        source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        guard let root = cmark_parser_finish(parser) else { return Document(children: []) }
        defer { cmark_node_free(root) }
        var footnotes = 0
        return Document(children: children(of: root).compactMap { node in
            if cmark_node_get_type(node) == CMARK_NODE_FOOTNOTE_DEFINITION {
                footnotes += 1
                return FootnoteDefinition(number: footnotes, children: blocks(under: node))
            }
            return block(node)
        })
    }

    // MARK: - Conversion

    private static func children(of node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    private static func blocks(under node: OpaquePointer) -> [any BlockMarkup] {
        children(of: node).compactMap(block)
    }

    private static func inlines(under node: OpaquePointer) -> [any InlineMarkup] {
        children(of: node).compactMap(inline)
    }

    private static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    private static func typeName(_ node: OpaquePointer) -> String {
        cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
    }

    private static func block(_ node: OpaquePointer) -> (any BlockMarkup)? {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            return Paragraph(children: inlines(under: node))
        case CMARK_NODE_HEADING:
            return Heading(level: Int(cmark_node_get_heading_level(node)), children: inlines(under: node))
        case CMARK_NODE_BLOCK_QUOTE:
            return BlockQuote(children: blocks(under: node))
        case CMARK_NODE_LIST:
            let kind: ListBlock.Kind = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
                ? .ordered(start: Int(cmark_node_get_list_start(node))) : .bullet
            let items = children(of: node).map(listItem)
            return ListBlock(kind: kind, isTight: cmark_node_get_list_tight(node) != 0, items: items)
        case CMARK_NODE_ITEM:
            return listItem(node)
        case CMARK_NODE_CODE_BLOCK:
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
            return CodeBlock(language: language, code: literal(node))
        case CMARK_NODE_HTML_BLOCK:
            return HTMLBlock(rawHTML: literal(node))
        case CMARK_NODE_THEMATIC_BREAK:
            return ThematicBreak()
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            return FootnoteDefinition(number: 0, children: blocks(under: node))
        default:
            if typeName(node) == "table" { return table(node) }
            // An extension block we do not know: keep its content rather than drop it.
            let inner = blocks(under: node)
            if !inner.isEmpty { return BlockQuote(children: inner) }
            let text = literal(node)
            return text.isEmpty ? nil : Paragraph(children: [PlainText(text)])
        }
    }

    private static func listItem(_ node: OpaquePointer) -> ListItem {
        var checkbox: ListItem.Checkbox?
        if typeName(node) == "tasklist" {
            checkbox = cmark_gfm_extensions_get_tasklist_item_checked(node) ? .checked : .unchecked
        }
        return ListItem(checkbox: checkbox, children: blocks(under: node))
    }

    private static func table(_ node: OpaquePointer) -> Table {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        var alignments: [Table.Alignment] = Array(repeating: .none, count: columns)
        if let raw = cmark_gfm_extensions_get_table_alignments(node) {
            for index in 0..<columns {
                switch raw[index] {
                case UInt8(ascii: "l"): alignments[index] = .left
                case UInt8(ascii: "c"): alignments[index] = .center
                case UInt8(ascii: "r"): alignments[index] = .right
                default: alignments[index] = .none
                }
            }
        }
        var head = Table.Row(cells: [])
        var body: [Table.Row] = []
        for rowNode in children(of: node) {
            let row = Table.Row(cells: children(of: rowNode).map { Table.Cell(children: inlines(under: $0)) })
            if cmark_gfm_extensions_get_table_row_is_header(rowNode) != 0 {
                head = row
            } else {
                body.append(row)
            }
        }
        return Table(alignments: alignments, head: head, body: body)
    }

    private static func inline(_ node: OpaquePointer) -> (any InlineMarkup)? {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT: return PlainText(literal(node))
        case CMARK_NODE_SOFTBREAK: return SoftBreak()
        case CMARK_NODE_LINEBREAK: return LineBreak()
        case CMARK_NODE_CODE: return InlineCode(literal(node))
        case CMARK_NODE_HTML_INLINE: return InlineHTML(literal(node))
        case CMARK_NODE_EMPH: return Emphasis(children: inlines(under: node))
        case CMARK_NODE_STRONG: return Strong(children: inlines(under: node))
        case CMARK_NODE_LINK:
            return Link(destination: url(node), title: title(node), children: inlines(under: node))
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            return FootnoteReference(number: literal(node))
        case CMARK_NODE_IMAGE:
            return Image(source: url(node), title: title(node), children: inlines(under: node))
        default:
            if typeName(node) == "strikethrough" {
                return Strikethrough(children: inlines(under: node))
            }
            let inner = inlines(under: node)
            if !inner.isEmpty { return Emphasis(children: inner) }
            let text = literal(node)
            return text.isEmpty ? nil : PlainText(text)
        }
    }

    private static func url(_ node: OpaquePointer) -> String {
        cmark_node_get_url(node).map { String(cString: $0) } ?? ""
    }

    private static func title(_ node: OpaquePointer) -> String {
        cmark_node_get_title(node).map { String(cString: $0) } ?? ""
    }
}
