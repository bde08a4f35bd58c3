import Crypto
import Foundation

/// A learner's submission: their whole attempt history (Dockerfiles, reports, hashes and
/// chain) and lesson reads, optionally signed with an HMAC key the instructor hands out.
/// A JSON file, so an instructor can open it and see what was submitted.
struct SubmissionBundle: Codable, Sendable {
    static let formatName = "dockerlings-bundle"
    static let currentVersion = 1

    struct Signature: Codable, Sendable {
        var algorithm: String
        var value: String
    }

    var format: String
    var version: Int
    var createdAt: String
    var toolVersion: String
    var learner: Learner
    var attempts: [Attempt]
    var lessonReads: [LessonRead]
    var signature: Signature?

    /// What the signature covers. The chain head covers every attempt (once the chain is
    /// verified), so signing it with the learner and the lesson reads signs everything.
    func signedMessage() -> Data {
        var bytes = Data("dockerlings-bundle-v\(version)\n".utf8)
        func field(_ name: String, _ value: String) {
            bytes.append(contentsOf: "\(name)=\(value.utf8.count):".utf8)
            bytes.append(contentsOf: value.utf8)
            bytes.append(0x0A)
        }
        field("learner", learner.id)
        field("name", learner.name)
        field("created", createdAt)
        field("tool", toolVersion)
        field("attempts", String(attempts.count))
        field("head", attempts.last?.hash ?? AttemptHash.genesis)
        for read in lessonReads {
            field("lesson", "\(read.learnerID)\t\(read.lessonID)\t\(read.firstOpenedAtMs)\t\(read.finishedAtMs.map(String.init) ?? "-")")
        }
        return bytes
    }

    func computeSignature(key: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: signedMessage(), using: SymmetricKey(data: key))
        return AttemptHash.hex(mac)
    }

    func hasValidSignature(key: Data) -> Bool {
        guard let signature, signature.algorithm == "HMAC-SHA256",
              let given = Self.bytes(fromHex: signature.value) else { return false }
        // Constant-time comparison, done by Crypto.
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: signedMessage(), using: SymmetricKey(data: key))
    }

    static func bytes(fromHex hex: String) -> Data? {
        let chars = Array(hex.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out = Data(capacity: chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
}

/// Why a bundle was refused. Nothing from a refused bundle reaches the gradebook.
public enum BundleError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(String)
    case tooLarge(bytes: Int64)
    case notABundle(String)
    case malformed(String)
    case unsupportedVersion(Int)
    case unsigned
    case badSignature
    case brokenChain(String)
    case duplicate(learner: String, attempts: Int)
    case conflict(learner: String, seq: Int)
    case historyTampered(String)

    public var description: String {
        switch self {
        case .unreadable(let why): "cannot read the bundle: \(why)"
        case .tooLarge(let bytes): "the file is \(bytes / 1_000_000) MB, larger than any bundle can be (limit \(BundleReader.maxBytes / 1_000_000) MB)"
        case .notABundle(let why): "not a dockerlings bundle: \(why)"
        case .malformed(let why): "the bundle is truncated or damaged: \(why)"
        case .unsupportedVersion(let version): "bundle format version \(version) is not supported by this dockerlings (it reads version \(SubmissionBundle.currentVersion)); update dockerlings"
        case .unsigned: "the bundle is not signed, and --key asks for signed bundles; ask the learner to run `dockerlings submit --key ...`"
        case .badSignature: "the signature does not match: the bundle was changed after signing, or signed with another key"
        case .brokenChain(let why): "the attempt history does not verify: \(why)"
        case .duplicate(let learner, let attempts): "already imported: all \(attempts) attempts of \(learner) are in the gradebook"
        case .conflict(let learner, let seq): "conflicts with the history of \(learner) already imported (they differ from attempt #\(seq)); a history can only grow"
        case .historyTampered(let why): "your attempt history does not verify (\(why)); run `dockerlings progress --verify`"
        }
    }
}
