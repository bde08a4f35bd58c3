import Foundation

/// Reads and checks a bundle without touching any database: format, version, the chain
/// and (with a key) the signature.
enum BundleReader {
    /// No honest bundle comes near this; junk of any size is refused before it is parsed.
    static let maxBytes: Int64 = 256_000_000

    static func read(_ url: URL, key: Data?) throws(BundleError) -> SubmissionBundle {
        let size: Int64
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        } catch {
            throw .unreadable("\(url.path) does not exist or cannot be read")
        }
        if size > maxBytes { throw .tooLarge(bytes: size) }
        // Look at the start before reading it all: junk is refused without loading it.
        if let handle = FileHandle(forReadingAtPath: url.path) {
            let start = (try? handle.read(upToCount: 512)) ?? Data()
            try? handle.close()
            if let first = start.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first != UInt8(ascii: "{") {
                throw .notABundle("it is not a JSON document")
            }
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .unreadable(error.localizedDescription) }
        return try parse(data, key: key)
    }

    static func parse(_ data: Data, key: Data?) throws(BundleError) -> SubmissionBundle {
        guard let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw .malformed("the file is empty")
        }
        guard first == UInt8(ascii: "{") else { throw .notABundle("it is not a JSON document") }

        // One parse: the envelope reads format and version first, and the rest of the bundle
        // only when they are ours (a header-only parse still parses the whole document).
        let envelope: Envelope
        do { envelope = try JSONDecoder().decode(Envelope.self, from: data) } catch {
            throw .malformed("not valid JSON (\(describe(error)))")
        }
        guard envelope.format == SubmissionBundle.formatName else {
            throw .notABundle("its \"format\" is \(envelope.format.map { "\"\($0)\"" } ?? "missing")")
        }
        guard let version = envelope.version else { throw .malformed("it has no version") }
        guard SubmissionBundle.readableVersions.contains(version) else { throw .unsupportedVersion(version) }

        var bundle: SubmissionBundle
        switch envelope.bundle {
        case .success(let decoded)?: bundle = decoded
        case .failure(let error)?: throw .malformed(describe(error))
        case nil: throw .malformed("it could not be read")  // unreachable: format and version are ours
        }
        bundle.leaveOutOversizedDockerfiles()
        try check(bundle)
        if let key {
            guard bundle.signature != nil else { throw .unsigned }
            guard bundle.hasValidSignature(key: key) else { throw .badSignature }
        }
        return bundle
    }

    /// A bundle's format and version, and the bundle itself decoded from the same parse when
    /// they are the ones this version reads (otherwise the rest is not looked at).
    private struct Envelope: Decodable {
        var format: String?
        var version: Int?
        var bundle: Result<SubmissionBundle, any Error>?

        enum Key: String, CodingKey { case format, version }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            format = try container.decodeIfPresent(String.self, forKey: .format)
            version = try container.decodeIfPresent(Int.self, forKey: .version)
            if format == SubmissionBundle.formatName, let version, SubmissionBundle.readableVersions.contains(version) {
                bundle = Result { try SubmissionBundle(from: decoder) }
            }
        }
    }

    /// The history must be one learner's, numbered 1…n, and verify link by link.
    static func check(_ bundle: SubmissionBundle) throws(BundleError) {
        if bundle.learner.id.isEmpty { throw .malformed("the learner id is empty") }
        for (index, attempt) in bundle.attempts.enumerated() {
            if attempt.learnerID != bundle.learner.id {
                throw .brokenChain("attempt #\(attempt.seq) belongs to \(attempt.learnerID), not \(bundle.learner.id)")
            }
            if attempt.seq != index + 1 {
                throw .brokenChain("attempt #\(index + 1) is missing or out of order (found #\(attempt.seq) in its place)")
            }
        }
        for read in bundle.lessonReads where read.learnerID != bundle.learner.id {
            throw .malformed("a lesson read belongs to \(read.learnerID), not \(bundle.learner.id)")
        }
        for reveal in bundle.hintReveals ?? [] where reveal.learnerID != bundle.learner.id {
            throw .malformed("a hint reveal belongs to \(reveal.learnerID), not \(bundle.learner.id)")
        }
        let problems = ChainVerifier.verify(learnerID: bundle.learner.id, attempts: bundle.attempts,
                                            expectedCount: nil, expectedHead: nil)
        if let first = problems.first { throw .brokenChain(first.description) }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): context.debugDescription
        case DecodingError.keyNotFound(let key, _): "missing field \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "field \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: error.localizedDescription
        }
    }
}
