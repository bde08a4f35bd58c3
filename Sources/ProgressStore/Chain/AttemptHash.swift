import Crypto
import Foundation

/// The hash that links each attempt to the one before it.
///
/// It covers every graded fact of the attempt plus the previous hash, in a canonical byte
/// form: each field as `name=<byte length>:<value>\n` in a fixed order. Lengths make the
/// encoding unambiguous; numbers use Swift's shortest round-trip spelling, which is the
/// same on every platform. Changing this breaks every existing chain: version it instead.
enum AttemptHash {
    static let genesis = String(repeating: "0", count: 64)

    static func compute(_ a: Attempt, seq: Int? = nil) -> String {
        var bytes = Data("dockerlings-attempt-v1\n".utf8)
        func field(_ name: String, _ value: String) {
            bytes.append(contentsOf: "\(name)=\(value.utf8.count):".utf8)
            bytes.append(contentsOf: value.utf8)
            bytes.append(0x0A)
        }
        field("learner", a.learnerID)
        field("seq", String(seq ?? a.seq))
        field("exercise", a.exerciseID)
        field("started", String(a.startedAtMs))
        field("finished", String(a.finishedAtMs))
        field("passed", a.passed ? "1" : "0")
        field("score", "\(a.score)")
        field("points", "\(a.points)")
        field("possible", "\(a.pointsPossible)")
        field("image", a.imageBytes.map(String.init) ?? "-")
        field("baseline", a.baselineBytes.map(String.init) ?? "-")
        field("dockerfile-sha256", a.dockerfileSHA256)
        field("report", a.reportJSON)
        field("tool", a.toolVersion)
        field("hints", a.hintsSeen)
        field("prev", a.prevHash)
        return hex(SHA256.hash(data: bytes))
    }

    static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
