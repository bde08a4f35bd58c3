import Foundation

/// Where the repository and its sibling `../shared` folder are, found from this file's path
/// so tests work from any working directory.
public enum RepoPaths {
    /// The repository root (the folder holding Package.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `../shared` beside the repository: conformance data, corpus, lint cases. Read-only.
    public static let shared: URL = root.deletingLastPathComponent().appendingPathComponent("shared")

    public static func shared(_ relative: String) -> URL {
        shared.appendingPathComponent(relative)
    }

    /// A product built next to the test bundle (`.build/debug/dockerlings`).
    public static func product(_ name: String) -> URL {
        let runner = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var dir = runner.deletingLastPathComponent()
        // On macOS the runner sits inside an .xctest bundle.
        while dir.path.contains(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent(name)
    }

    /// A fresh temporary directory, removed by the caller with `cleanUp`.
    public static func temporaryDirectory(_ label: String = "dockerlings-test") throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
