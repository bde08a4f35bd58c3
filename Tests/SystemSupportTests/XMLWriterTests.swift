import SystemSupport
import TestSupport
import Testing

@Suite struct XMLWriterTests {
    /// Markup characters, the whitespace an attribute would otherwise flatten, every control
    /// character XML 1.0 forbids, and the two non-characters.
    static let hostile = "a&b<c>d\"e'f\tg\nh\ri" + (0..<0x20).filter { ![9, 10, 13].contains($0) }.map { String(UnicodeScalar(UInt8($0))) }.joined()
        + "\u{FFFE}\u{FFFF}é😀"

    @Test func anyTextMakesAWellFormedDocumentThatKeepsWhatXMLCanHold() throws {
        var xml = XMLWriter()
        xml.start("root", [("name", Self.hostile)])
        xml.empty("leaf", [("message", Self.hostile)])
        xml.element("case", [("id", "1")], children: [("failure", [("message", Self.hostile)])])
        xml.end()
        let elements = try XMLReader.elements(of: xml.text)
        #expect(elements.map(\.name) == ["root", "leaf", "case", "failure"])
        let expected = "a&b<c>d\"e'f\tg\nh\ri" + String(repeating: "\u{FFFD}", count: 29 + 2) + "é😀"
        for element in elements where element.name != "case" {
            #expect(element.attributes.values.first == expected, "\(element.name)")
        }
    }

    @Test func layoutIsALinePerElementIndentedByDepth() {
        var xml = XMLWriter()
        xml.start("a", [("k", "v")])
        xml.start("b")
        xml.empty("c", [("x", "1"), ("y", "2")])
        xml.element("d", [], children: [])
        xml.end()
        xml.end()
        #expect(xml.text == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a k=\"v\">\n  <b>\n    <c x=\"1\" y=\"2\"/>\n    <d></d>\n  </b>\n</a>\n")
        #expect(xml.take().hasSuffix("</a>\n") && xml.text.isEmpty)
    }

    @Test func plainTextPassesUnchanged() {
        #expect(XMLWriter.escaped("Dockerfile line 3: use COPY") == "Dockerfile line 3: use COPY")
    }
}
