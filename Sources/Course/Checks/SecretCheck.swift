import DockerEngine
import Foundation
import ImageAnalysis

/// `kind: secret` — a token the build was given (the manifest's `build.args`) must not be
/// readable from the image: not in its config (ENV, labels, CMD…), not in its history (the
/// classic builder records the build arguments a RUN used), and not in any layer's files —
/// a file deleted by a later step still ships in the layer that made it. The image is
/// read as `docker save` streams it, so nothing is trusted to the Dockerfile's text.
///
///     token: dl-demo-token-7f3a91     # the value passed as a build argument
struct SecretCheck: GradingCheck {
    static let kind = "secret"
    static let phase = GradingPhase.image
    static let defaultTitle = "The build's secret cannot be read from the image"
    static let parameterKeys = ["token"]

    var token: String

    init(_ r: ManifestReader, folder: URL) throws(ManifestError) {
        token = try r.requiredString("token")
        if token.count < 8 { throw r.fail("token", "must be at least 8 characters, so it cannot turn up by chance") }
    }

    func evaluate(_ context: GradingContext) async -> CheckResult {
        let (client, image): (DockerClient, String)
        switch await context.imageSubject() {
        case .ready(let c, let built): (client, image) = (c, built)
        case .unavailable(let result): return result
        }
        var places: [String] = []
        do {
            let details = try await client.inspectImage(image)
            for variable in details.env where variable.contains(token) {
                places.append("the image's environment: ENV \(variable.prefix { $0 != "=" })")
            }
            for (key, value) in details.labels.sorted(by: { $0.key < $1.key }) where value.contains(token) || key.contains(token) {
                places.append("a label: \(key)")
            }
            if (details.cmd + details.entrypoint).contains(where: { $0.contains(token) }) { places.append("CMD or ENTRYPOINT") }
            for step in try await client.history(image) where step.createdBy.contains(token) {
                let shown = step.createdBy.replacingOccurrences(of: token, with: "<token>")
                places.append("the history: `\(shown.count > 90 ? String(shown.prefix(89)) + "…" : shown)`")
            }
            // The layers' files: each member of the archive that is itself a tar is a layer.
            let found = TokenSearch(token)
            try await client.save(image: image, timeout: .seconds(300)) { source in try found.scanLayers(of: source) }
            if found.layersHolding > 0 {
                places.append("the files of \(found.layersHolding == 1 ? "a layer" : "\(found.layersHolding) layers") (a file deleted by a later step still ships in the layer that wrote it)")
            }
        } catch {
            return .error("the image could not be read: \(error)")
        }
        if places.isEmpty { return .pass("the token appears nowhere in the image: config, history and every layer read") }
        // The first line that expands one of the build's arguments is where to look.
        let names = context.exercise.manifest.build.args.keys
        let users = context.instructions.filter { instruction in names.contains { instruction.text.contains("$" + $0) || instruction.text.contains("${" + $0) } }
        return .fail("the token passed at build time can be read from " + places.joined(separator: "; "),
                     line: users.first?.line)
    }
}

/// Looks for a token in the layers of an image archive (`docker save`'s stream): a tar
/// whose members include the layers, each a tar itself (legacy `<id>/layer.tar`, or an OCI
/// blob), next to JSON (config, manifest) that the other checks read. One pass, nothing kept.
final class TokenSearch: @unchecked Sendable {
    private let needle: [UInt8]
    private(set) var layersHolding = 0

    init(_ token: String) { needle = Array(token.utf8) }

    func scanLayers(of source: ByteSource) throws {
        var header = [UInt8](repeating: 0, count: 512)
        while try readFully(source, into: &header, count: 512) == 512, header.contains(where: { $0 != 0 }) {
            let size = Self.size(header[124..<136])
            let padded = (size + 511) / 512 * 512
            guard header[156] == UInt8(ascii: "0") || header[156] == 0, size >= 512 else {
                _ = try source.skip(padded)
                continue
            }
            // The body's first block tells a tar (a layer) from anything else.
            var first = [UInt8](repeating: 0, count: 512)
            guard try readFully(source, into: &first, count: 512) == 512 else { return }
            let isTar = Array(first[257..<262]) == Array("ustar".utf8)
            if isTar {
                if try contains(first, then: source, remaining: size - 512) { layersHolding += 1 }
            } else {
                _ = try source.skip(size - 512)
            }
            _ = try source.skip(padded - size)
        }
    }

    /// Whether the token is in `start` followed by `remaining` bytes of `source` (all read).
    private func contains(_ start: [UInt8], then source: ByteSource, remaining: Int) throws -> Bool {
        var found = Self.find(needle, in: start[...])
        var carry = Array(start.suffix(needle.count - 1))
        var left = remaining
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while left > 0 {
            let read = try chunk.withUnsafeMutableBytes { buffer in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, left)]))
            }
            if read == 0 { break }
            left -= read
            if !found {
                let window = carry + chunk[0..<read]
                found = Self.find(needle, in: window[...])
                carry = Array(window.suffix(needle.count - 1))
            }
        }
        return found
    }

    static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// A tar size field: octal digits, or base-256 when its first byte has the high bit set.
    static func size(_ field: ArraySlice<UInt8>) -> Int {
        if let first = field.first, first & 0x80 != 0 {
            return field.dropFirst().reduce(Int(first & 0x7f)) { $0 << 8 | Int($1) }
        }
        return field.reduce(0) { value, byte in
            (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte) ? value * 8 + Int(byte - UInt8(ascii: "0")) : value
        }
    }

    private func readFully(_ source: ByteSource, into buffer: inout [UInt8], count: Int) throws -> Int {
        var got = 0
        while got < count {
            let read = try buffer.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[got..<count]))
            }
            if read == 0 { break }
            got += read
        }
        return got
    }
}
