/// A GFM table drawn with box characters. Columns get their natural width when the
/// table fits; otherwise each keeps at least its longest word (within reason) and the
/// rest of the room is shared in proportion to what each column wants. Cells wrap
/// rather than being cut, and each column honours its alignment.
struct TableLayout {
    let context: RenderContext

    private struct CellText {
        var fragments: [Fragment]
        var natural: Int
        var longestWord: Int
    }

    func render(_ table: Table, width: Int) -> [StyledLine] {
        let columns = max(1, table.columnCount)
        let headerStyle = context.theme.tableHeader
        let head = measure(table.head, columns: columns, base: headerStyle)
        let body = table.body.map { measure($0, columns: columns, base: .plain) }
        let rows = [head] + body

        let widths = columnWidths(rows: rows, columns: columns, width: width)
        let border = context.style(context.theme.tableBorder)

        func rule(_ left: String, _ middle: String, _ right: String) -> StyledLine {
            StyledLine(left + widths.map { Repeated.rule($0 + 2) }.joined(separator: middle) + right, border,
                       width: widths.reduce(0) { $0 + $1 + 3 } + 1)
        }

        let laidOut = rows.map { row in
            row.enumerated().map { index, cell in Wrapper.wrap(cell.fragments, width: widths[index]) }
        }
        let bodyWraps = laidOut.dropFirst().contains { $0.contains { $0.count > 1 } }

        var lines = [rule("┌", "┬", "┐")]
        for (rowIndex, cells) in laidOut.enumerated() {
            if rowIndex == 1 { lines.append(rule("├", "┼", "┤")) }
            else if rowIndex > 1 && bodyWraps { lines.append(rule("├", "┼", "┤")) }
            let height = cells.map(\.count).max() ?? 1
            for lineIndex in 0..<height {
                var line = StyledLine("│", border, width: 1)
                for column in 0..<columns {
                    let text = lineIndex < cells[column].count ? cells[column][lineIndex] : .empty
                    line.append(Fragment(" ", .plain), width: 1)
                    line.append(aligned(text, width: widths[column], alignment: alignment(table, column)))
                    line.append(Fragment(" ", .plain), width: 1)
                    line.append(Fragment("│", border), width: 1)
                }
                lines.append(line)
            }
        }
        lines.append(rule("└", "┴", "┘"))
        return lines
    }

    private func alignment(_ table: Table, _ column: Int) -> Table.Alignment {
        column < table.alignments.count ? table.alignments[column] : .none
    }

    private func aligned(_ line: StyledLine, width: Int, alignment: Table.Alignment) -> StyledLine {
        let slack = max(0, width - line.width)
        switch alignment {
        case .right:
            return line.prefixed(by: StyledLine(Repeated.spaces(slack), .plain, width: slack))
        case .center:
            return line.prefixed(by: StyledLine(Repeated.spaces(slack / 2), .plain, width: slack / 2)).padded(to: width)
        case .left, .none:
            return line.padded(to: width)
        }
    }

    private func measure(_ row: Table.Row, columns: Int, base: Style) -> [CellText] {
        (0..<columns).map { index in
            guard index < row.cells.count else { return CellText(fragments: [], natural: 0, longestWord: 0) }
            let fragments = InlineCollector.fragments(for: row.cells[index].children, context: context, base: base)
            let natural = Wrapper.wrap(fragments, width: Int.max / 2).map(\.width).max() ?? 0
            // Words can span fragments (`link[1]`, `**bold**er`): measure the joined text.
            var longest = 0
            for word in fragments.map(\.text).joined().split(whereSeparator: { (c: Character) in c == " " || c == "\n" }) {
                longest = max(longest, DisplayWidth.of(word))
            }
            return CellText(fragments: fragments, natural: natural, longestWord: longest)
        }
    }

    private func columnWidths(rows: [[CellText]], columns: Int, width: Int) -> [Int] {
        let natural = (0..<columns).map { c in max(1, rows.map { $0[c].natural }.max() ?? 1) }
        let available = max(columns, width - (3 * columns + 1))
        if natural.reduce(0, +) <= available { return natural }

        // Each column keeps its longest word, but no single word may take more than a
        // third of the room; longer words are split across lines instead.
        let wordCap = max(1, available / 3)
        var minimum = (0..<columns).map { c in
            min(natural[c], max(1, min(wordCap, rows.map { $0[c].longestWord }.max() ?? 1)))
        }
        var total = minimum.reduce(0, +)
        if total > available {
            // Even the minimums do not fit: shrink them in proportion.
            minimum = minimum.map { max(1, $0 * available / total) }
            total = minimum.reduce(0, +)
            return minimum
        }
        var widths = minimum
        var room = available - total
        let wants = (0..<columns).map { natural[$0] - minimum[$0] }
        let totalWant = wants.reduce(0, +)
        if totalWant > 0 {
            for c in 0..<columns {
                let share = wants[c] * room / totalWant
                widths[c] += share
            }
            room = available - widths.reduce(0, +)
            // Hand out what rounding left, one column at a time, to those still short.
            var c = 0
            while room > 0 && c < columns * 2 {
                let index = c % columns
                if widths[index] < natural[index] { widths[index] += 1; room -= 1 }
                c += 1
            }
        }
        return widths
    }
}
