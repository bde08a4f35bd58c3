import Foundation
import PackagePlugin

/// Compiles the course (Lessons/ and Exercises/) into the Course module, so that an
/// installed binary carries its lessons and exercises and runs from any folder. The files
/// are listed here, at planning time, so that editing, adding or removing one re-embeds.
@main
struct EmbedCourse: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        var relative: [String] = []
        for folder in ["Lessons", "Exercises"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker {
                let name = url.lastPathComponent
                if name.hasPrefix(".") || name.hasSuffix("~") {  // editors' and the learner's own leftovers
                    if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true { walker.skipDescendants() }
                    continue
                }
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                relative.append(folder + "/" + String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1)))
            }
        }
        relative.sort()
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedCourseFiles.swift")
        return [.buildCommand(
            displayName: "Embedding the course (\(relative.count) files)",
            executable: try context.tool(named: "CourseEmbedder").url,
            arguments: [output.path, root.path] + relative,
            inputFiles: relative.map { root.appendingPathComponent($0) },
            outputFiles: [output])]
    }
}
