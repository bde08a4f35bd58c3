import DockerfileSyntax
import Foundation

/// An image the course's Dockerfiles start from, and the exercises that need it.
public struct BaseImageUse: Sendable, Equatable {
    public var image: String
    public var exercises: [String]
}

extension Catalogue {
    /// Every image a FROM line of the exercises names — starter, baseline and solution
    /// Dockerfiles, read with the course's parser and the exercise's build arguments — that
    /// is neither an earlier stage nor `scratch`. In course order; a file that does not
    /// parse names nothing (the grader reports it).
    public func baseImages() -> [BaseImageUse] {
        var order: [String] = []
        var users: [String: [String]] = [:]
        for exercise in exercises {
            let files = [exercise.starterDockerfile, exercise.solutionDockerfile]
                + (exercise.manifest.baseline.map { [exercise.folder.appendingPathComponent($0)] } ?? [])
            let environment = BuildEnvironment(buildArgs: exercise.manifest.build.args)
            for url in files {
                guard let bytes = FileManager.default.contents(atPath: url.path),
                      let file = try? Dockerfile.parse([UInt8](bytes)) else { continue }
                for stage in file.stages {
                    let image = environment.image(of: stage.from, in: file)
                    let earlierStage = file.stages[..<stage.index].contains { $0.name == image.lowercased() }
                    guard !earlierStage, image.lowercased() != "scratch", !image.isEmpty else { continue }
                    if users[image] == nil { order.append(image) }
                    if users[image]?.contains(exercise.id) != true { users[image, default: []].append(exercise.id) }
                }
            }
        }
        return order.map { BaseImageUse(image: $0, exercises: users[$0] ?? []) }
    }
}
