/// Writes XML 1.0 a line per element, indented two spaces a level: the one writer behind
/// every XML the project writes (lint's checkstyle, the progress exports' JUnit).
///
/// Any text is safe to pass: markup characters are escaped, and the characters XML 1.0
/// forbids even as references (controls other than tab, newline and return; U+FFFE, U+FFFF)
/// become U+FFFD, so a file name or message with one still makes a document a parser reads.
public struct XMLWriter: Sendable {
    /// What has been written and not yet taken (see `take()`).
    public private(set) var text: String
    private var open: [String] = []

    /// - Parameter declaration: start with `<?xml version="1.0" encoding="UTF-8"?>`.
    public init(declaration: Bool = true) {
        text = declaration ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
    }

    /// `<name attributes>` on a line of its own; what follows is inside it until `end()`.
    public mutating func start(_ name: String, _ attributes: [(String, String)] = []) {
        line(XMLWriter.tag(name, attributes, selfClosing: false))
        open.append(name)
    }

    /// Closes the element `start` opened last.
    public mutating func end() {
        guard let name = open.popLast() else { return }
        line("</\(name)>")
    }

    /// `<name attributes/>` on a line of its own.
    public mutating func empty(_ name: String, _ attributes: [(String, String)] = []) {
        line(XMLWriter.tag(name, attributes, selfClosing: true))
    }

    /// `<name attributes>…</name>` on one line, holding `children` as empty elements.
    public mutating func element(_ name: String, _ attributes: [(String, String)] = [],
                                 children: [(name: String, attributes: [(String, String)])] = []) {
        let inner = children.map { XMLWriter.tag($0.name, $0.attributes, selfClosing: true) }.joined()
        line(XMLWriter.tag(name, attributes, selfClosing: false) + inner + "</\(name)>")
    }

    /// `<name attributes>text</name>`: character data (escaped; its line breaks kept as
    /// they are, so the text reads as written).
    public mutating func element(_ name: String, _ attributes: [(String, String)] = [], text: String) {
        line(XMLWriter.tag(name, attributes, selfClosing: false) + XMLWriter.escaped(text, keepingLineBreaks: true) + "</\(name)>")
    }

    /// Hands over what has been written so far (to stream a long document) and forgets it.
    public mutating func take() -> String {
        defer { text = "" }
        return text
    }

    private mutating func line(_ markup: String) {
        text += String(repeating: "  ", count: open.count) + markup + "\n"
    }

    static func tag(_ name: String, _ attributes: [(String, String)], selfClosing: Bool) -> String {
        var out = "<" + name
        for (key, value) in attributes { out += " \(key)=\"\(escaped(value))\"" }
        return out + (selfClosing ? "/>" : ">")
    }

    /// `text` as an attribute value or character data: `& < > " '` escaped; tab, newline
    /// and return as references (an attribute keeps them then, instead of a parser turning
    /// them into spaces); forbidden characters replaced by U+FFFD.
    /// With `keepingLineBreaks` (character data, not an attribute) a newline stays one.
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: needsWork) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&apos;".unicodeScalars)
            case "\t": out.append(contentsOf: "&#9;".unicodeScalars)
            case "\n": out.append(contentsOf: (keepingLineBreaks ? "\n" : "&#10;").unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            default: out.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return String(out)
    }

    /// XML 1.0's `Char` production (Swift strings hold no surrogates).
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xFFFD: true
        case 0x10000...0x10FFFF: true
        default: false
        }
    }

    private static func needsWork(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || "&<>\"'".unicodeScalars.contains(scalar) || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }
}
