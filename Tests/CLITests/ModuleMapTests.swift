import Foundation
import SystemSupport
import Testing
import TestSupport

/// ARCHITECTURE.md's module map, enforced by scripts/check-imports.sh (also run by `make test`).
@Suite struct ModuleMapTests {
    static let script = RepoPaths.root.appendingPathComponent("scripts/check-imports.sh").path

    @Test func everyImportInThisCheckoutFollowsTheMap() throws {
        let result = try ChildProcess.runAndWait(Self.script, [], timeout: .seconds(120))
        #expect(result.status == 0, "\(result.stderrText)")
    }

    @Test func aForbiddenImportAnUnknownModuleAndAnImportedExecutableFail() throws {
        let root = try RepoPaths.temporaryDirectory("module-map")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try write("Sources/SystemSupport/A.swift", "import Foundation\n")
        try write("Sources/DockerEngine/B.swift", "import SystemSupport\n")
        try write("Sources/TerminalUI/C.swift", "import Foundation\n@preconcurrency import DockerEngine\n")
        try write("Sources/Unmapped/D.swift", "import Foundation\n")
        try write("Tests/SomeTests/E.swift", "@testable import dockerlings\n")
        let result = try ChildProcess.runAndWait(Self.script, [root.path], timeout: .seconds(120))
        #expect(result.status == 1)
        #expect(result.stderrText.contains("Sources/TerminalUI/C.swift:2: TerminalUI imports DockerEngine"))
        #expect(result.stderrText.contains("Sources/Unmapped is a module the map does not know"))
        #expect(result.stderrText.contains("Tests/SomeTests/E.swift:1: a test imports an executable"))
        #expect(!result.stderrText.contains("B.swift"), "an allowed import was reported")
    }
}
