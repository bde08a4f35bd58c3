/// Turns styled lines into the bytes a terminal reads: SGR escapes for the sixteen
/// colours and attributes, OSC 8 for hyperlinks. Each line closes what it opened, so a
/// pager or `head` can cut anywhere without bleeding colour into the next line.
struct Painter {
    var colors: Bool
    var hyperlinks: Bool

    func paint(_ line: StyledLine) -> String {
        if !colors && !hyperlinks { return line.plainText.trimmingTrailingSpaces() }
        var out = ""
        var current = Style.plain
        var openLink: String?
        for fragment in line.fragments {
            let style = fragment.style
            if hyperlinks && style.link != openLink {
                if openLink != nil { out += "\u{1B}]8;;\u{1B}\\" }
                if let link = style.link { out += "\u{1B}]8;;\(link)\u{1B}\\" }
                openLink = style.link
            }
            if colors {
                var visible = style
                visible.link = nil
                if visible != current {
                    if current.hasAttributes { out += "\u{1B}[0m" }
                    if visible.hasAttributes { out += "\u{1B}[\(visible.sgrParameters)m" }
                    current = visible
                }
            }
            out += fragment.text
        }
        if current.hasAttributes { out += "\u{1B}[0m" }
        if openLink != nil { out += "\u{1B}]8;;\u{1B}\\" }
        return out
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        guard last == " " else { return self }
        var copy = Substring(self)
        while copy.last == " " { copy = copy.dropLast() }
        return String(copy)
    }
}
