// swift-tools-version:6.0
// dockerlings: a Docker course in the terminal, and the grader behind it.
// The module map is ARCHITECTURE.md (what each module owns and may import; scripts/check-imports.sh enforces it).
import PackageDescription

let package = Package(
    name: "dockerlings",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dockerlings", targets: ["dockerlings"]),
        .executable(name: "dockerlings-bench", targets: ["dockerlings-bench"]),
        .library(name: "DockerfileSyntax", targets: ["DockerfileSyntax"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // System library: GitHub's cmark with its extensions (Debian libcmark-gfm-dev).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]), .brew(["cmark-gfm"])]
        ),
        // Starting programs without Foundation's Process (see ChildProcess): below every module.
        .target(name: "SystemSupport"),
        .target(name: "DockerfileSyntax"),
        .target(name: "DockerfileLint", dependencies: [
            "DockerfileSyntax", "SystemSupport",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "ImageAnalysis"),
        .target(name: "DockerEngine", dependencies: [
            "ImageAnalysis", "SystemSupport",
            .product(name: "Crypto", package: "swift-crypto"),  // chain ids and config digests of the layer store
        ]),
        .target(name: "ProgressStore", dependencies: [
            "SystemSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CSV", package: "CSV.swift"),
        ]),
        .target(name: "TerminalUI", dependencies: ["CCmarkGFM", "SystemSupport"]),
        // The course: exercise catalogue, check kinds, the grading pipeline, the rubric.
        .target(name: "Course", dependencies: [
            "DockerfileSyntax", "DockerfileLint", "DockerEngine", "ImageAnalysis", "ProgressStore", "SystemSupport",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),  // the workspace's record of each starter file
        ], plugins: ["EmbedCourse"]),
        // Lessons/ and Exercises/ compiled into the Course module: the binary carries its course.
        .executableTarget(name: "CourseEmbedder"),
        .plugin(name: "EmbedCourse", capability: .buildTool(), dependencies: ["CourseEmbedder"],
                path: "Sources/EmbedCoursePlugin"),
        .executableTarget(name: "dockerlings", dependencies: [
            "DockerfileSyntax", "DockerfileLint", "DockerEngine", "ImageAnalysis",
            "ProgressStore", "TerminalUI", "Course", "SystemSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "dockerlings-bench", dependencies: [
            "DockerfileSyntax", "DockerfileLint", "DockerEngine", "ImageAnalysis",
            "ProgressStore", "TerminalUI", "SystemSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Shared by the test targets only: where ../shared is, whether the engine must answer.
        .target(name: "TestSupport", dependencies: ["SystemSupport"], path: "Tests/TestSupport"),
        .testTarget(name: "SystemSupportTests", dependencies: ["SystemSupport", "TestSupport"]),
        .testTarget(name: "DockerfileSyntaxTests", dependencies: ["DockerfileSyntax", "TestSupport"],
                    exclude: ["EdgeCases"]),  // Dockerfiles and the oracle's answers, read from the source tree
        .testTarget(name: "DockerfileLintTests", dependencies: ["DockerfileLint", "TestSupport"]),
        .testTarget(name: "ImageAnalysisTests", dependencies: ["ImageAnalysis", "TestSupport", "SystemSupport"]),
        // Course and DockerfileSyntax: the fixtures hand the engine a Dockerfile's instructions as the grader does.
        .testTarget(name: "DockerEngineTests", dependencies: ["DockerEngine", "ImageAnalysis", "TestSupport", "SystemSupport",
                                                             "Course", "DockerfileSyntax"]),
        // GRDB and CSV directly: the tests tamper with rows and read exports back, as an outsider would.
        .testTarget(name: "ProgressStoreTests", dependencies: [
            "ProgressStore", "TestSupport", "SystemSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "CSV", package: "CSV.swift"),
        ], exclude: ["Fixtures"]),  // a database the first release wrote, read from the source tree
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TestSupport"],
                    exclude: ["Fixtures", "Golden"]),  // read from the source tree, not bundled
        // dockerlings itself: the lint quick start is held to the command ArgumentParser reads.
        .testTarget(name: "CLITests", dependencies: ["dockerlings", "TestSupport", "SystemSupport"]),
        .testTarget(name: "CourseTests", dependencies: [
            "Course", "DockerEngine", "DockerfileSyntax", "DockerfileLint", "ProgressStore", "TerminalUI", "TestSupport",
            "SystemSupport",  // the regrade tests read the command's output as it comes
        ]),
    ],
    swiftLanguageModes: [.v6]
)
