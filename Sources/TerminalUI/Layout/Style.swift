/// The sixteen standard terminal colours. Using only these (never 256-colour or RGB)
/// lets the user's theme decide the actual shades, so text stays readable on light and
/// dark backgrounds alike.
public enum ANSIColor: UInt8, Sendable {
    case black = 0, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan, brightWhite

    var foregroundCode: Int { rawValue < 8 ? 30 + Int(rawValue) : 90 + Int(rawValue) - 8 }
    var backgroundCode: Int { rawValue < 8 ? 40 + Int(rawValue) : 100 + Int(rawValue) - 8 }
}

/// How a run of text looks. `link` carries a URL for OSC 8 hyperlinks.
public struct Style: Sendable, Equatable {
    public var foreground: ANSIColor?
    public var background: ANSIColor?
    public var bold = false
    public var dim = false
    public var italic = false
    public var underline = false
    public var strikethrough = false
    public var link: String?

    public init(
        foreground: ANSIColor? = nil, background: ANSIColor? = nil, bold: Bool = false,
        dim: Bool = false, italic: Bool = false, underline: Bool = false,
        strikethrough: Bool = false, link: String? = nil
    ) {
        self.foreground = foreground; self.background = background; self.bold = bold
        self.dim = dim; self.italic = italic; self.underline = underline
        self.strikethrough = strikethrough; self.link = link
    }

    public static let plain = Style()

    /// `other` drawn on top of `self`: its colours win where set, attributes add up.
    public func merging(_ other: Style) -> Style {
        var result = self
        if let fg = other.foreground { result.foreground = fg }
        if let bg = other.background { result.background = bg }
        result.bold = bold || other.bold
        result.dim = dim || other.dim
        result.italic = italic || other.italic
        result.underline = underline || other.underline
        result.strikethrough = strikethrough || other.strikethrough
        if let link = other.link { result.link = link }
        return result
    }

    var hasAttributes: Bool {
        foreground != nil || background != nil || bold || dim || italic || underline || strikethrough
    }

    var sgrParameters: String {
        var codes: [String] = []
        if bold { codes.append("1") }
        if dim { codes.append("2") }
        if italic { codes.append("3") }
        if underline { codes.append("4") }
        if strikethrough { codes.append("9") }
        if let foreground { codes.append(String(foreground.foregroundCode)) }
        if let background { codes.append(String(background.backgroundCode)) }
        return codes.joined(separator: ";")
    }
}

/// A run of text in one style, on one line.
public struct Fragment: Sendable, Equatable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .plain) { self.text = text; self.style = style }
}

/// One output line as styled runs, with its width in terminal columns, so containers
/// (quotes, lists, frames, table cells) can pad and prefix it before it is painted.
public struct StyledLine: Sendable, Equatable {
    public var fragments: [Fragment]
    public private(set) var width: Int

    public init(_ fragments: [Fragment] = []) {
        self.fragments = fragments
        self.width = fragments.reduce(0) { $0 + DisplayWidth.of($1.text) }
    }

    public init(_ text: String, _ style: Style = .plain) { self.init([Fragment(text, style)]) }

    /// A one-run line whose width the caller already knows (padding, borders).
    init(_ text: String, _ style: Style, width: Int) {
        self.fragments = text.isEmpty ? [] : [Fragment(text, style)]
        self.width = width
    }

    public static let empty = StyledLine()

    public mutating func append(_ fragment: Fragment, width: Int? = nil) {
        guard !fragment.text.isEmpty else { return }
        self.width += width ?? DisplayWidth.of(fragment.text)
        if let last = fragments.last, last.style == fragment.style {
            fragments[fragments.count - 1].text += fragment.text
        } else {
            fragments.append(fragment)
        }
    }

    public mutating func append(_ text: String, _ style: Style = .plain) { append(Fragment(text, style)) }

    public mutating func append(_ line: StyledLine) {
        guard !line.fragments.isEmpty else { return }
        // The other line's width is known: add it once instead of measuring each run again.
        for fragment in line.fragments { append(fragment, width: 0) }
        width += line.width
    }

    public func prefixed(by prefix: StyledLine) -> StyledLine {
        var result = prefix
        result.append(self)
        return result
    }

    /// Pads with spaces to `target` columns (no-op when already that wide).
    public func padded(to target: Int, style: Style = .plain) -> StyledLine {
        guard width < target else { return self }
        var result = self
        result.append(Fragment(Repeated.spaces(target - width), style), width: target - width)
        return result
    }

    public var plainText: String { fragments.map(\.text).joined() }
}
