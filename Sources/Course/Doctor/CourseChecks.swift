import DockerEngine
import Foundation

/// The course's exercises load, and the images they start from are in the engine.
extension Doctor {
    func courseCheck() async -> (check: DoctorCheck, catalogue: Catalogue?) {
        let course: LocatedPath
        switch self.course {
        case .success(let found): course = found
        case .failure(.notACourse(let path)):
            return (DoctorCheck(id: "course", title: "course", status: .problem, found: "\(path) is not a course (no Exercises/<id>/exercise.yaml in it)",
                                fix: "Pass --course DIR with the folder that holds Exercises/, or leave it out to use the course built into dockerlings."), nil)
        case .failure(let error):
            return (DoctorCheck(id: "course", title: "course", status: .problem, found: Self.firstSentence(error.description),
                                fix: "Make that folder writable, or set XDG_DATA_HOME to one that is; or pass --course DIR with a copy of the course."), nil)
        }
        let root = course.url
        let loaded = await Deadline.runBlocking(timeout) { () -> Result<Catalogue, Catalogue.LoadError> in
            do throws(Catalogue.LoadError) { return .success(try Catalogue.load(root: root)) } catch { return .failure(error) }
        }
        switch loaded {
        case nil:
            return (DoctorCheck(id: "course", title: "course", status: .problem, found: "reading \(root.path) took longer than \(timeout.wholeSeconds) s",
                                fix: "Check the file system that holds it, or pass --course DIR with a local copy."), nil)
        case .failure(let error)?:
            let list = error.problems.map(\.description).joined(separator: "; ")
            return (DoctorCheck(id: "course", title: "course", status: .problem,
                                found: "\(root.path) (\(course.origin)): \(error.problems.count) manifest\(error.problems.count == 1 ? "" : "s") do not load: \(list)",
                                fix: "Correct the manifests named (Exercises/README.md says what each key means), or restore them with git."), nil)
        case .success(let catalogue)?:
            if catalogue.exercises.isEmpty {
                return (DoctorCheck(id: "course", title: "course", status: .problem, found: "\(root.path) (\(course.origin)) has no exercises",
                                    fix: "Pass --course DIR with the folder that holds Exercises/<id>/exercise.yaml."), catalogue)
            }
            return (DoctorCheck(id: "course", title: "course", status: .ok,
                                found: "\(catalogue.exercises.count) exercises, every manifest loads, at \(root.path) (\(course.origin))"), catalogue)
        }
    }

    func baseImageChecks(catalogue: Catalogue?, engine: ReachedEngine?) async -> [DoctorCheck] {
        guard let catalogue else { return [] }
        let uses = catalogue.baseImages()
        let title: (String) -> String = { "base image \($0)" }
        let needs: (BaseImageUse) -> String = { "needed by \($0.exercises.joined(separator: ", "))" }
        guard let engine else {
            return uses.map {
                DoctorCheck(id: "base-image:\($0.image)", title: title($0.image), status: .warning,
                            found: "not checked: no engine answers; \(needs($0))",
                            fix: "Start the engine first (see the engine check); then run the doctor again.")
            }
        }
        let client = engine.client
        let references = uses.map(\.image)
        let present = await Deadline.run(timeout) { () -> Result<[String: ImageDetails], Error> in
            do { return .success(try await client.inspectLocalImages(references)) } catch { return .failure(error) }
        }
        return uses.map { use in
            let id = "base-image:\(use.image)"
            switch present {
            case nil:
                return DoctorCheck(id: id, title: title(use.image), status: .problem,
                                   found: "the engine did not say within \(timeout.wholeSeconds) s whether it has it; \(needs(use))",
                                   fix: "Restart the engine (`sudo systemctl restart docker`), then run the doctor again.")
            case .failure(let error)?:
                return DoctorCheck(id: id, title: title(use.image), status: .problem,
                                   found: "could not ask the engine: \(Self.firstSentence("\(error)")); \(needs(use))",
                                   fix: "See the engine check; then run the doctor again.")
            case .success(let found)?:
                if let details = found[use.image] {
                    return DoctorCheck(id: id, title: title(use.image), status: .ok,
                                       found: "present (\(details.id.prefix(19))), \(needs(use))")
                }
                return DoctorCheck(id: id, title: title(use.image), status: .problem, found: "missing from the engine; \(needs(use))",
                                   fix: "`make base-images` in the dockerlings folder (scripts/base-images.sh, as root: local stand-ins, no registry needed), or `docker pull \(use.image)`.")
            }
        }
    }
}
