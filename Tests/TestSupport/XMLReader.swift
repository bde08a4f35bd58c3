import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a document with Foundation's XMLParser (libxml2 on Linux), as a consumer of our XML
/// would: every element with its attributes in document order, or the parser's complaint.
public final class XMLReader: NSObject, XMLParserDelegate, @unchecked Sendable {
    public struct Element: Sendable {
        public var name: String
        public var attributes: [String: String]
        /// The character data directly inside it.
        public var text = ""
    }

    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    private var elements: [Element] = []
    private var open: [Int] = []

    /// The elements of `text`; throws when it is not well-formed XML.
    public static func elements(of text: String) throws -> [Element] {
        let reader = XMLReader()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = reader
        guard parser.parse() else {
            throw Malformed(description: "not well-formed XML (line \(parser.lineNumber)): \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        return reader.elements
    }

    public func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                       qualifiedName: String?, attributes: [String: String] = [:]) {
        open.append(elements.count)
        elements.append(Element(name: elementName, attributes: attributes))
    }

    public func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    public func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let k = open.last { elements[k].text += string }
    }
}
