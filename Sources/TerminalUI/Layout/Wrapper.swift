/// Greedy word wrapping of styled text to a width in terminal columns. Spaces are break
/// points (runs of them collapse to one), "\n" is a hard break, and a word wider than the
/// line is split between characters rather than cut off — no text is ever lost.
enum Wrapper {
    /// The greedy line filler. A struct with mutating methods (not nested closures over
    /// local variables) so the hot loop allocates nothing but the lines themselves.
    private struct Filler {
        let width: Int
        var lines: [StyledLine] = []
        var line = StyledLine()
        var pendingSpace: Style?
        /// The word being collected: its runs (with their widths) and total width.
        var pieces: [(fragment: Fragment, width: Int)] = []
        var wordWidth = 0

        init(width: Int) { self.width = width }

        mutating func addRun(_ text: Substring, style: Style) {
            let w = DisplayWidth.of(text)
            pieces.append((Fragment(String(text), style), w))
            wordWidth += w
        }

        mutating func space(_ style: Style) {
            flushWord()
            pendingSpace = style
        }

        mutating func newline() {
            flushWord()
            lines.append(line)
            line = StyledLine()
            pendingSpace = nil
        }

        mutating func flushWord() {
            guard !pieces.isEmpty else { return }
            let gap = (pendingSpace != nil && !line.fragments.isEmpty) ? 1 : 0
            if line.width + gap + wordWidth <= width {
                if gap == 1, let style = pendingSpace { line.append(Fragment(" ", style), width: 1) }
                for piece in pieces { line.append(piece.fragment, width: piece.width) }
            } else {
                if !line.fragments.isEmpty { lines.append(line); line = StyledLine() }
                if wordWidth <= width {
                    for piece in pieces { line.append(piece.fragment, width: piece.width) }
                } else {
                    splitLongWord()
                }
            }
            pendingSpace = nil
            pieces.removeAll(keepingCapacity: true)
            wordWidth = 0
        }

        /// An over-long word (a URL, a hash) is split between characters.
        private mutating func splitLongWord() {
            for piece in pieces { Wrapper.appendSplitting(piece.fragment, width: width, to: &line, lines: &lines) }
        }

        mutating func finish() -> [StyledLine] {
            flushWord()
            if !line.fragments.isEmpty || lines.isEmpty { lines.append(line) }
            return lines
        }
    }

    static func wrap(_ fragments: [Fragment], width: Int) -> [StyledLine] {
        var filler = Filler(width: max(1, width))
        // Break points are ASCII (space, tab, newline), so the text is scanned as UTF-8
        // bytes and cut into runs between them without grapheme breaking.
        for fragment in fragments {
            let text = fragment.text
            let bytes = text.utf8
            var runStart = bytes.startIndex
            var index = bytes.startIndex
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A {
                    if runStart < index { filler.addRun(text[runStart..<index], style: fragment.style) }
                    if byte == 0x0A { filler.newline() } else { filler.space(fragment.style) }
                    index = bytes.index(after: index)
                    runStart = index
                } else {
                    index = bytes.index(after: index)
                }
            }
            if runStart < bytes.endIndex { filler.addRun(text[runStart..<bytes.endIndex], style: fragment.style) }
        }
        return filler.finish()
    }

    /// Splits one line of code into rows of at most `width` columns, keeping every
    /// character. A row breaks after its last space when that space is in the second
    /// half of the row (so words stay whole), else exactly at the width.
    static func wrapPreformatted(_ fragments: [Fragment], width: Int) -> [StyledLine] {
        let width = max(1, width)
        // Most code lines fit: measure them run by run before splitting into characters.
        if fragments.reduce(0, { $0 + DisplayWidth.of($1.text) }) <= width { return [StyledLine(fragments)] }
        var cells: [(character: Character, style: Int, width: Int)] = []
        var total = 0
        for (index, fragment) in fragments.enumerated() {
            for character in fragment.text {
                let w = DisplayWidth.of(character)
                cells.append((character, index, w))
                total += w
            }
        }
        if total <= width { return [StyledLine(fragments)] }

        var lines: [StyledLine] = []
        var start = 0
        while start < cells.count {
            var end = start
            var used = 0
            var lastSpace: Int?
            while end < cells.count && (used + cells[end].width <= width || end == start) {
                used += cells[end].width
                if cells[end].character == " " && end > start { lastSpace = end }
                end += 1
            }
            if end < cells.count, let space = lastSpace, space - start >= width / 2 { end = space + 1 }
            var line = StyledLine()
            var run = ""
            var runStyle = cells[start].style
            for cell in cells[start..<end] {
                if cell.style != runStyle {
                    line.append(Fragment(run, fragments[runStyle].style))
                    run = ""
                    runStyle = cell.style
                }
                run.append(cell.character)
            }
            line.append(Fragment(run, fragments[runStyle].style))
            lines.append(line)
            start = end
        }
        return lines
    }

    /// Splits one line of preformatted text (code, raw HTML) into pieces of at most
    /// `width` columns, keeping every space.
    static func hardWrap(_ fragments: [Fragment], width: Int) -> [StyledLine] {
        let width = max(1, width)
        var lines: [StyledLine] = []
        var line = StyledLine()
        for fragment in fragments { appendSplitting(fragment, width: width, to: &line, lines: &lines) }
        lines.append(line)
        return lines
    }

    /// Appends `fragment` to `line`, character by character, starting a new line (kept in
    /// `lines`) whenever the next character would pass `width`.
    private static func appendSplitting(_ fragment: Fragment, width: Int, to line: inout StyledLine, lines: inout [StyledLine]) {
        var chunk = ""
        var chunkWidth = 0
        for character in fragment.text {
            let w = DisplayWidth.of(character)
            if line.width + chunkWidth + w > width && line.width + chunkWidth > 0 {
                line.append(Fragment(chunk, fragment.style), width: chunkWidth)
                lines.append(line)
                line = StyledLine()
                chunk = ""
                chunkWidth = 0
            }
            chunk.append(character)
            chunkWidth += w
        }
        line.append(Fragment(chunk, fragment.style), width: chunkWidth)
    }
}
