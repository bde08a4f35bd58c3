import Foundation
import SystemSupport
import Testing
@testable import ImageAnalysis
import TestSupport

@Suite struct ArchiveReaderTests {
    /// Three layers: a base, one that adds and overwrites, one that deletes a file and a directory.
    static let layers: [ArchiveBuilder.Layer] = [
        .init(files: ["bin/tool": bytes(5000), "etc/conf": bytes(10)], directories: ["var/cache"], createdBy: ""),
        .init(files: ["big": bytes(30_000), "etc/conf": bytes(20), "var/cache/a": bytes(700), "var/cache/b": bytes(300)],
              createdBy: "/bin/sh -c make big"),
        .init(files: ["small": bytes(40)], whiteouts: ["big", "var/cache"], createdBy: "/bin/sh -c rm -rf /big /var/cache && touch /small"),
    ]

    /// dive's figures for `layers`, worked out by hand from dive's rules:
    /// sightings: /bin/tool 5000, /etc/conf 10 then 20, /var/cache (a leaf in layer 0, size 0),
    /// /big 30000 then whiteout of a file (0), /var/cache/a 700, /var/cache/b 300,
    /// /var/cache whiteout of a directory (1000 = its subtree), /small 40.
    static let expectedSize: Int64 = 5010 + 31_020 + 40
    static let expectedWasted: Int64 = (10 + 20) + (30_000 + 0) + (0 + 1000)
    static let expectedEfficiency = Double(5000 + 10 + 0 + 0 + 700 + 300 + 40) / Double(5000 + 30 + 1000 + 30_000 + 1000 + 40)

    @Test(arguments: [ArchiveBuilder.Layout.classic, .oci], [ArchiveBuilder.Compression.none, .gzip])
    func readsBothLayoutsAndComputesDiveFigures(layout: ArchiveBuilder.Layout, compression: ArchiveBuilder.Compression) throws {
        let builder = try ArchiveBuilder()
        defer { builder.cleanUp() }
        let archive = try builder.archive(Self.layers, layout: layout, compression: compression)
        let analysis = try ImageAnalyzer.analyze(try FileDescriptorSource(path: archive.path), name: "test")
        let report = analysis.report
        #expect(report.layout == (layout == .classic ? "docker-classic" : "oci"))
        #expect(report.layers.count == 3)
        #expect(report.sizeBytes == Self.expectedSize)
        #expect(report.wastedBytes == Self.expectedWasted)
        #expect(abs(report.efficiency - Self.expectedEfficiency) < 1e-12)
        #expect(report.userSizeBytes == 31_020 + 40)
        #expect(report.layers.map(\.compression) == Array(repeating: compression == .gzip ? .gzip : .none, count: 3))
        #expect(report.layers[2].whiteoutCount == 2)
        #expect(report.layers[1].createdBy == "/bin/sh -c make big")
        // The bytes layer 1 added that layer 2 deleted or overwrote: /big and /var/cache/{a,b}.
        #expect(report.layers[1].supersededBytes == 31_000)
        #expect(report.layers[0].supersededBytes == 10)  // /etc/conf, overwritten
        // The final file system no longer has /big.
        #expect(!report.largestFiles.contains { $0.path == "/big" })
        #expect(report.largestFiles.first?.path == "/bin/tool")
        if compression == .gzip {
            #expect(report.layers[1].tarBytes > report.layers[1].storedBytes)
        }
        let paths = Set(analysis.layers[1].entries.map(\.path))
        #expect(paths.isSuperset(of: ["big", "etc/conf", "var/cache/a", "var/cache/b"]))
    }

    @Test func readsFromAPipeAsWellAsAFile() throws {
        let builder = try ArchiveBuilder()
        defer { builder.cleanUp() }
        let archive = try builder.archive(Self.layers, layout: .classic)
        // cat | analyser: the reader cannot seek a pipe, so it must read every byte in order.
        let cat = try ChildProcess.launch(ArchiveBuilder.tool("cat").path, [archive.path])
        let report = try ImageAnalyzer.analyze(FileDescriptorSource(fileDescriptor: cat.standardOutput.fileDescriptor), name: "pipe").report
        #expect(cat.wait(timeout: .seconds(60)) == 0)
        #expect(report.sizeBytes == Self.expectedSize)
        #expect(report.wastedBytes == Self.expectedWasted)
    }

    @Test func zstdLayersAreReportedClearly() throws {
        let builder = try ArchiveBuilder()
        defer { builder.cleanUp() }
        let archive = try builder.archive(Self.layers, layout: .oci, compression: .zstd)
        #expect(throws: ImageAnalysisError.self) {
            _ = try ImageAnalyzer.analyze(try FileDescriptorSource(path: archive.path), name: "zstd")
        }
        do {
            _ = try ImageAnalyzer.analyze(try FileDescriptorSource(path: archive.path), name: "zstd")
        } catch let error as ImageAnalysisError {
            guard case .zstdLayer = error else { Issue.record("expected zstdLayer, got \(error)"); return }
            #expect(error.description.contains("zstd"))
            #expect(error.description.contains("dockerlings analyze IMAGE"))
        }
    }

    /// `rm -rf /d && mkdir /d` in one RUN: the layer holds `d/.wh..wh..opq`, which hides all
    /// the layers below put in /d (the OCI layer spec), and nothing of its own layer, wherever
    /// its members sort (`-early` sorts before the marker). dive ignores the marker and would
    /// say 0 wasted and efficiency 1; here the hidden files are wasted and not in the image.
    @Test func anOpaqueDirectoryHidesWhatTheLayersBelowPutThere() throws {
        let builder = try ArchiveBuilder()
        defer { builder.cleanUp() }
        let archive = try builder.archive([
            .init(files: ["d/old": bytes(100), "d/sub/deep": bytes(30), "keep": bytes(7)]),
            .init(files: ["d/new": bytes(50), "d/-early": bytes(20)], opaque: ["d"]),
        ], layout: .classic)
        let analysis = try ImageAnalyzer.analyze(try FileDescriptorSource(path: archive.path), name: "opaque")
        #expect(analysis.layers[1].entries.contains { $0.isOpaqueMarker && $0.path == "d" })
        let report = analysis.report
        #expect(report.sizeBytes == 207)
        #expect(report.wastedBytes == 130)
        #expect(Set(report.inefficientFiles.map(\.path)) == ["/d/old", "/d/sub/deep"])
        // Σ smallest sightings (d/new 50, d/-early 20, keep 7; the hidden two 0) over Σ all (207).
        #expect(abs(report.efficiency - 77.0 / 207.0) < 1e-9)
        #expect(report.largestFiles.map(\.path) == ["/d/new", "/d/-early", "/keep"])
        #expect(report.layers.map(\.supersededBytes) == [130, 0])
        #expect(report.findings.first?.paths.map(\.path) == ["/d", "/d/sub"])
    }

    @Test func longPathsAndManyFilesSurvive() throws {
        let builder = try ArchiveBuilder()
        defer { builder.cleanUp() }
        let long = String(repeating: "deep/", count: 40) + "file.txt"  // 208 characters: a PAX path
        var files: [String: Data] = [long: bytes(123)]
        for i in 0..<300 { files["many/f\(i)"] = bytes(i) }
        let archive = try builder.archive([.init(files: files)], layout: .oci, compression: .gzip)
        let analysis = try ImageAnalyzer.analyze(try FileDescriptorSource(path: archive.path), name: "long")
        let entries = analysis.layers[0].entries
        #expect(entries.contains { $0.path == long && $0.size == 123 })
        #expect(entries.filter { $0.path.hasPrefix("many/f") }.count == 300)
        #expect(analysis.report.sizeBytes == 123 + Int64((0..<300).reduce(0, +)))
    }

    @Test func truncatedAndForeignArchivesGiveTypedErrors() throws {
        let builder = try ArchiveBuilder()
        defer { builder.cleanUp() }
        let archive = try builder.archive(Self.layers, layout: .classic)
        let data = try Data(contentsOf: archive)
        #expect(throws: ImageAnalysisError.self) {
            _ = try ImageAnalyzer.analyze(DataSource(data.prefix(data.count / 2)), name: "cut")
        }
        #expect(throws: ImageAnalysisError.self) {
            _ = try ImageAnalyzer.analyze(DataSource(Data("not a tar archive at all".utf8) + bytes(2000)), name: "junk")
        }
        #expect(throws: ImageAnalysisError.noManifest) {
            // A valid tar with no manifest.json or index.json.
            let plain = try builder.layerTar(.init(files: ["hello": bytes(3)]), name: "plain")
            _ = try ImageAnalyzer.analyze(try FileDescriptorSource(path: plain.path), name: "plain")
        }
        #expect(throws: ImageAnalysisError.self) {
            _ = try FileDescriptorSource(path: builder.root.appendingPathComponent("missing.tar").path)
        }
    }
}
