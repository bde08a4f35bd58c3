import Crypto
import Foundation

/// A learner's submission: their whole attempt history (Dockerfiles, reports, hashes and
/// chain), lesson reads and hint levels revealed, optionally signed with an HMAC key the
/// instructor hands out. A JSON file, so an instructor can open it and see what was submitted.
struct SubmissionBundle: Codable, Sendable {
    static let formatName = "dockerlings-bundle"
    /// Version 2 added `hintReveals` (and signs them); version 1 bundles are still read.
    static let currentVersion = 2
    static let readableVersions = 1...currentVersion

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
    /// Every hint level revealed, attempt or not (absent from version 1).
    var hintReveals: [HintReveal]?
    var signature: Signature?

    /// What the signature covers. The chain head covers every attempt (once the chain is
    /// verified), so signing it with the learner, the lesson reads and the hint reveals
    /// signs everything.
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
        for reveal in hintReveals ?? [] {
            field("hint", "\(reveal.learnerID)\t\(reveal.exerciseID)\t\(reveal.level)\t\(reveal.revealedAtMs)")
        }
        return bytes
    }

    /// Puts the note in place of any Dockerfile over the grader's limit, keeping its SHA-256
    /// (which the chain covers): earlier dockerlings kept refused files whole, and a
    /// learner's history, append-only, still holds them. The signature does not cover the
    /// texts, so it still verifies.
    mutating func leaveOutOversizedDockerfiles() {
        for index in attempts.indices where attempts[index].dockerfile.utf8.count > KeptDockerfile.limit {
            attempts[index].dockerfile = KeptDockerfile.kept(attempts[index].dockerfile)
        }
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
        case .unsupportedVersion(let version): "bundle format version \(version) is not supported by this dockerlings (it reads versions \(SubmissionBundle.readableVersions.lowerBound) to \(SubmissionBundle.readableVersions.upperBound)); update dockerlings"
        case .unsigned: "the bundle is not signed, and --key asks for signed bundles; ask the learner to run `dockerlings submit --key ...`"
        case .badSignature: "the signature does not match: the bundle was changed after signing, or signed with another key"
        case .brokenChain(let why): "the attempt history does not verify: \(why)"
        case .duplicate(let learner, let attempts): "already imported: all \(attempts) attempts of \(learner) are in the gradebook"
        case .conflict(let learner, let seq): "conflicts with the history of \(learner) already imported (they differ from attempt #\(seq)); a history can only grow. If two people share the id \(learner), each needs one of their own: dockerlings takes git's user.email (`git config --global user.email you@school.example`), else the login name, unless `--learner ID` is given"
        case .historyTampered(let why): "your attempt history does not verify (\(why)); run `dockerlings progress --verify`"
        }
    }
}
