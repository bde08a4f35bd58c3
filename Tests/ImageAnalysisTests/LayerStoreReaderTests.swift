import Foundation
import Testing
@testable import ImageAnalysis
import TestSupport

/// The layer-store path over records made here the way tar-split makes them (headers and
/// padding as base64 segments, file data as sizes), from tars written by the system's tar:
/// the analysis must equal the archive's, member for member. The real engine's records are
/// checked in DockerEngineTests (LayerStoreTests).
@Suite struct LayerStoreReaderTests {
    @Test func aRecordGivesTheSameAnalysisAsTheArchive() throws {
        let builder = try ArchiveBuilder()
        defer { builder.cleanUp() }
        let layers = ArchiveReaderTests.layers + [
            .init(files: ["var/cache/new": bytes(12)], opaque: ["var/cache"], createdBy: "/bin/sh -c rm -rf /var/cache && mkdir /var/cache"),
            // Names JSON must escape: a quote, a backslash, a non-ASCII letter.
            .init(files: ["odd \"name\"\\x": bytes(3), "caf\u{e9}/menu": bytes(700)], createdBy: "/bin/sh -c odd"),
        ]
        let archive = try builder.archive(layers, layout: .classic)
        let expected = try ImageAnalyzer.analyze(try FileDescriptorSource(path: archive.path), name: "test")

        var storeLayers: [LayerStoreImage.Layer] = []
        var diffIDs: [String] = []
        for i in layers.indices {
            // The very layer tars the archive holds (ArchiveBuilder leaves them in its folder).
            let tar = builder.root.appendingPathComponent("layer-\(i)-\(archive.deletingPathExtension().lastPathComponent).tar")
            let diffID = "sha256:" + (try builder.sha256(tar))
            diffIDs.append(diffID)
            let record = builder.root.appendingPathComponent("tar-split-\(i).json")
            try Self.tarSplitRecord(of: Data(contentsOf: tar)).write(to: record)
            try builder.run("gzip", ["-n", "-f", record.path])
            storeLayers.append(.init(diffID: diffID, chainID: "sha256:chain\(i)", tarSplitPath: record.path + ".gz"))
        }
        let config: [String: Any] = ["history": layers.map { ["created_by": $0.createdBy] },
                                     "rootfs": ["type": "layers", "diff_ids": diffIDs]]
        let image = LayerStoreImage(config: [UInt8](try JSONSerialization.data(withJSONObject: config)), layers: storeLayers, driver: "overlay2")
        let fromStore = try ImageAnalyzer.analyze(layerStore: image, name: "test")

        #expect(fromStore.report.source.hasPrefix("layer store (overlay2)"))
        #expect(expected.report.source == "docker save archive")
        for (mine, theirs) in zip(fromStore.layers, expected.layers) {
            #expect(mine.entries == theirs.entries)
            #expect(mine.tarBytes == theirs.tarBytes)
        }
        #expect(fromStore.layers[3].entries.contains { $0.isOpaqueMarker && $0.path == "var/cache" })
        #expect(fromStore.report.ignoringSource == expected.report.ignoringSource)
    }

    @Test func aBadRecordIsATypedError() throws {
        let builder = try ArchiveBuilder()
        defer { builder.cleanUp() }
        let record = builder.root.appendingPathComponent("bad.json")
        try Data(#"{"type":2,"payload":"not base64!","position":0}"#.utf8).write(to: record)
        try builder.run("gzip", ["-n", "-f", record.path])
        let config = #"{"rootfs":{"diff_ids":["sha256:aa"]}}"#
        let image = LayerStoreImage(config: Array(config.utf8), layers: [.init(diffID: "sha256:aa", chainID: "sha256:aa", tarSplitPath: record.path + ".gz")],
                                    driver: "overlay2")
        #expect(throws: ImageAnalysisError.corruptLayer(detail: "a tar-split segment is not base64")) {
            _ = try ImageAnalyzer.analyze(layerStore: image, name: "bad")
        }
        // Layers that are not the config's: refused, not mixed up.
        let other = LayerStoreImage(config: Array(config.utf8), layers: [], driver: "overlay2")
        #expect(throws: ImageAnalysisError.self) { _ = try ImageAnalyzer.analyze(layerStore: other, name: "bad") }
    }

    /// Splits a tar the way tar-split's disassembler records it: every byte that is not file
    /// data goes into base64 segments; each member is a file entry carrying its data size.
    static func tarSplitRecord(of tar: Data) throws -> Data {
        let bytes = [UInt8](tar)
        var lines: [[String: Any]] = []
        var segment: [UInt8] = []
        var offset = 0
        var position = 0
        func flush() {
            lines.append(["type": 2, "payload": Data(segment).base64EncodedString(), "position": position])
            position += 1
            segment = []
        }
        while offset + 512 <= bytes.count {
            let header = Array(bytes[offset..<(offset + 512)])
            segment += header
            offset += 512
            if header.allSatisfy({ $0 == 0 }) { continue }
            let sizeField = String(decoding: header[124..<136].prefix { $0 != 0 && $0 != 0x20 }, as: UTF8.self)
            let size = Int(sizeField, radix: 8) ?? 0
            let padded = (size + 511) & ~511
            let typeflag = header[156]
            if typeflag == UInt8(ascii: "x") || typeflag == UInt8(ascii: "g") {
                // Extended headers are read by the tar reader itself: raw bytes, not file data.
                segment += bytes[offset..<(offset + padded)]
                offset += padded
                continue
            }
            flush()
            let name = String(decoding: header[0..<100].prefix { $0 != 0 }, as: UTF8.self)
            var entry: [String: Any] = ["type": 1, "name": name, "payload": NSNull(), "position": position]
            if size > 0 { entry["size"] = size }
            lines.append(entry)
            position += 1
            segment = Array(bytes[(offset + size)..<(offset + padded)])
            offset += padded
        }
        segment += bytes[offset...]
        flush()
        var out = Data()
        for line in lines {
            out += try JSONSerialization.data(withJSONObject: line)
            out.append(0x0a)
        }
        return out
    }
}
