/// Greedy word wrapping of styled text to a width in terminal columns. Spaces are break
/// points (runs of them collapse to one), "\n" is a hard break, and a word wider than the
/// line is split between characters rather than cut off — no text is ever lost.
enum Wrapper {
    private struct Word {
        var pieces: [Fragment] = []
        var width = 0
    }

    private enum Token {
        case word(Word)
        case space(Style)
        case newline
    }

    static func wrap(_ fragments: [Fragment], width: Int) -> [StyledLine] {
        let width = max(1, width)
        var lines: [StyledLine] = []
        var line = StyledLine()
        var pendingSpace: Style?

        func place(_ word: Word) {
            let gap = (pendingSpace != nil && !line.fragments.isEmpty) ? 1 : 0
            if line.width + gap + word.width <= width {
                if gap == 1, let style = pendingSpace { line.append(Fragment(" ", style), width: 1) }
                for piece in word.pieces { line.append(piece) }
            } else {
                if !line.fragments.isEmpty { lines.append(line); line = StyledLine() }
                if word.width <= width {
                    for piece in word.pieces { line.append(piece) }
                } else {
                    // Split an over-long word (a URL, a hash) between characters.
                    for piece in word.pieces {
                        var chunk = ""
                        var chunkWidth = 0
                        for character in piece.text {
                            let w = DisplayWidth.of(character)
                            if line.width + chunkWidth + w > width && (line.width + chunkWidth) > 0 {
                                line.append(Fragment(chunk, piece.style), width: chunkWidth)
                                lines.append(line)
                                line = StyledLine()
                                chunk = ""
                                chunkWidth = 0
                            }
                            chunk.append(character)
                            chunkWidth += w
                        }
                        line.append(Fragment(chunk, piece.style), width: chunkWidth)
                    }
                }
            }
            pendingSpace = nil
        }

        var word = Word()
        func flushWord() {
            if !word.pieces.isEmpty { place(word); word = Word() }
        }

        for fragment in fragments {
            var run = ""
            var runWidth = 0
            func flushRun() {
                if !run.isEmpty {
                    word.pieces.append(Fragment(run, fragment.style))
                    word.width += runWidth
                    run = ""
                    runWidth = 0
                }
            }
            for character in fragment.text {
                switch character {
                case " ", "\t":
                    flushRun()
                    flushWord()
                    pendingSpace = fragment.style
                case "\n", "\r\n":
                    flushRun()
                    flushWord()
                    lines.append(line)
                    line = StyledLine()
                    pendingSpace = nil
                default:
                    run.append(character)
                    runWidth += DisplayWidth.of(character)
                }
            }
            flushRun()
        }
        flushWord()
        if !line.fragments.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Splits one line of code into rows of at most `width` columns, keeping every
    /// character. A row breaks after its last space when that space is in the second
    /// half of the row (so words stay whole), else exactly at the width.
    static func wrapPreformatted(_ fragments: [Fragment], width: Int) -> [StyledLine] {
        let width = max(1, width)
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
        for fragment in fragments {
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
        lines.append(line)
        return lines
    }
}
