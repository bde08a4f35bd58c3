/// Lays out block elements as styled lines for a given width. Containers (quotes,
/// list items) render their children narrower and prefix the result.
struct BlockRenderer: MarkupVisitor {
    let context: RenderContext
    var width: Int
    private var listDepth = 0

    init(context: RenderContext, width: Int) {
        self.context = context
        self.width = width
    }

    private var theme: Theme { context.theme }
    private func style(_ style: Style) -> Style { context.style(style) }

    /// Child blocks one after another, with a blank line between them unless `tight`.
    private mutating func stack(_ blocks: [any BlockMarkup], width: Int, tight: Bool = false) -> [StyledLine] {
        let saved = self.width
        self.width = width
        defer { self.width = saved }
        var lines: [StyledLine] = []
        for block in blocks {
            let rendered = visit(block)
            if rendered.isEmpty { continue }
            let separate = !lines.isEmpty && (!tight || !(block is Paragraph))
            if separate && !(tight && block is ListBlock) { lines.append(.empty) }
            lines.append(contentsOf: rendered)
        }
        return lines
    }

    mutating func defaultVisit(_ markup: any Markup) -> [StyledLine] {
        if let inline = markup as? any InlineMarkup {
            return Wrapper.wrap(InlineCollector.fragments(for: [inline], context: context), width: width)
        }
        return []
    }

    mutating func visitDocument(_ document: Document) -> [StyledLine] {
        stack(document.children, width: width)
    }

    mutating func visitParagraph(_ paragraph: Paragraph) -> [StyledLine] {
        Wrapper.wrap(InlineCollector.fragments(for: paragraph.children, context: context), width: width)
    }

    mutating func visitHeading(_ heading: Heading) -> [StyledLine] {
        let colors = context.options.colors
        switch heading.level {
        case 1:
            if colors {
                // A banner: the title on a coloured band, padded by a space each side.
                let lines = wrap(heading.children, base: theme.heading1, width: width - 2)
                return lines.map { line in
                    var band = StyledLine(" ", theme.heading1)
                    band.append(line)
                    band.append(" ", theme.heading1)
                    return band
                }
            }
            return underlined(heading.children, rule: "═", ruleStyle: .plain, base: .plain)
        case 2:
            return underlined(heading.children, rule: "─", ruleStyle: theme.heading2Rule, base: theme.heading2)
        default:
            let base: Style
            switch heading.level {
            case 3: base = theme.heading3
            case 4: base = theme.heading4
            case 5: base = theme.heading5
            default: base = theme.heading6
            }
            if colors { return wrap(heading.children, base: base, width: width) }
            // Without colour the level has to show in the text itself.
            let marker = String(repeating: "#", count: heading.level) + " "
            let lines = wrap(heading.children, base: base, width: width - marker.count)
            return lines.enumerated().map { index, line in
                line.prefixed(by: StyledLine(index == 0 ? marker : String(repeating: " ", count: marker.count)))
            }
        }
    }

    private func wrap(_ inlines: [any InlineMarkup], base: Style, width: Int) -> [StyledLine] {
        Wrapper.wrap(InlineCollector.fragments(for: inlines, context: context, base: base), width: width)
    }

    private func underlined(_ inlines: [any InlineMarkup], rule: String, ruleStyle: Style, base: Style) -> [StyledLine] {
        var lines = wrap(inlines, base: base, width: width)
        let ruleWidth = max(1, lines.map(\.width).max() ?? 0)
        lines.append(StyledLine(String(repeating: rule, count: ruleWidth), style(ruleStyle)))
        return lines
    }

    mutating func visitBlockQuote(_ blockQuote: BlockQuote) -> [StyledLine] {
        let inner = stack(blockQuote.children, width: width - 2)
        let bar = StyledLine("│ ", style(theme.quoteBar))
        let lines = inner.isEmpty ? [StyledLine.empty] : inner
        return lines.map { line in
            if line.fragments.isEmpty { return StyledLine("│", style(theme.quoteBar)) }
            return line.prefixed(by: bar)
        }
    }

    mutating func visitList(_ list: ListBlock) -> [StyledLine] {
        listDepth += 1
        defer { listDepth -= 1 }
        let markers: [String] = list.items.enumerated().map { index, _ in
            switch list.kind {
            case .bullet:
                let bullets = ["•", "◦", "▪", "▫"]
                return bullets[(listDepth - 1) % bullets.count]
            case .ordered(let start):
                return "\(start + index)."
            }
        }
        let markerWidth = markers.map { DisplayWidth.of($0) }.max() ?? 1
        var lines: [StyledLine] = []
        for (index, item) in list.items.enumerated() {
            var marker = markers[index]
            var markerStyle = theme.bullet
            if let checkbox = item.checkbox {
                // A task item shows its box instead of a bullet; numbers stay.
                let box = checkbox == .checked ? "[x]" : "[ ]"
                markerStyle = checkbox == .checked ? theme.taskDone : theme.taskOpen
                if case .bullet = list.kind { marker = box } else { marker += " " + box }
            }
            let padded: String
            if case .ordered = list.kind {
                padded = String(repeating: " ", count: max(0, markerWidth - DisplayWidth.of(markers[index]))) + marker
            } else {
                padded = marker
            }
            let indent = DisplayWidth.of(padded) + 1
            let body = stack(item.children, width: width - indent, tight: list.isTight)
            if index > 0 && !list.isTight { lines.append(.empty) }
            let first = StyledLine(padded + " ", style(markerStyle))
            let rest = StyledLine(Repeated.spaces(indent), .plain, width: indent)
            if body.isEmpty { lines.append(first); continue }
            for (lineIndex, line) in body.enumerated() {
                if lineIndex == 0 {
                    lines.append(line.prefixed(by: first))
                } else {
                    lines.append(line.fragments.isEmpty ? .empty : line.prefixed(by: rest))
                }
            }
        }
        return lines
    }

    mutating func visitListItem(_ item: ListItem) -> [StyledLine] {
        stack(item.children, width: width)
    }

    mutating func visitCodeBlock(_ codeBlock: CodeBlock) -> [StyledLine] {
        CodeFrame(context: context).render(codeBlock, width: width)
    }

    mutating func visitHTMLBlock(_ html: HTMLBlock) -> [StyledLine] {
        // Raw HTML is shown as the author wrote it: a terminal cannot render it.
        var text = Substring(html.rawHTML)
        while text.last == "\n" { text = text.dropLast() }
        return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            Wrapper.hardWrap([Fragment(expandTabs(line), style(theme.html))], width: width)
        }
    }

    mutating func visitThematicBreak(_ thematicBreak: ThematicBreak) -> [StyledLine] {
        [StyledLine(Repeated.rule(width), style(theme.rule), width: width)]
    }

    mutating func visitFootnoteDefinition(_ footnote: FootnoteDefinition) -> [StyledLine] {
        // `[^1] text`, with the text hanging under itself.
        let marker = "[^\(footnote.number)] "
        let indent = DisplayWidth.of(marker)
        let body = stack(footnote.children, width: width - indent)
        let first = StyledLine(marker, style(theme.reference))
        let rest = StyledLine(Repeated.spaces(indent), .plain, width: indent)
        if body.isEmpty { return [first] }
        return body.enumerated().map { index, line in
            index == 0 ? line.prefixed(by: first) : (line.fragments.isEmpty ? .empty : line.prefixed(by: rest))
        }
    }

    mutating func visitTable(_ table: Table) -> [StyledLine] {
        TableLayout(context: context).render(table, width: width)
    }
}

/// Tabs to spaces at stops of four columns, so widths can be measured.
func expandTabs<S: StringProtocol>(_ line: S) -> String {
    guard line.utf8.contains(0x09) else { return String(line) }
    var out = ""
    var column = 0
    for character in line {
        if character == "\t" {
            let spaces = 4 - column % 4
            out += String(repeating: " ", count: spaces)
            column += spaces
        } else {
            out.append(character)
            column += DisplayWidth.of(character)
        }
    }
    return out
}
