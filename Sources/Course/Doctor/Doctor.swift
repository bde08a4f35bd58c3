import DockerEngine
import Foundation

/// Looks at everything the course needs on this machine — the docker CLI, the engine, its
/// builder, storage and disk, the base images the exercises start from, the course itself,
/// the progress database and the workspace — and says what is wrong and how to fix it.
/// Every check runs even when an earlier one fails, each within its own time limit.
public struct Doctor: Sendable {
    /// The course folder, or why none could be found or unpacked.
    public var course: Result<LocatedPath, CourseLocationError>
    public var database: LocatedPath
    /// The learner's workspace; nil to leave it out.
    public var workspace: LocatedWorkspace?
    /// How long any one check may take.
    public var timeout: Duration
    /// Free space below which the engine's disk gets a warning.
    public var lowDiskBytes: Int64 = 5_000_000_000
    /// The docker client the grader would use (the same CLI, DOCKER_HOST, DOCKER_BUILDKIT).
    public var makeClient: @Sendable () throws -> DockerClient

    public init(course: Result<LocatedPath, CourseLocationError>, database: LocatedPath, workspace: LocatedWorkspace? = nil, timeout: Duration = .seconds(20),
                makeClient: @escaping @Sendable () throws -> DockerClient = { try DockerClient(session: "doctor") }) {
        self.course = course
        self.database = database
        self.workspace = workspace
        self.timeout = timeout
        self.makeClient = makeClient
    }

    public func examine() async -> DoctorReport {
        async let engine = engineChecks()
        async let course = courseCheck()
        async let database = databaseChecks()
        let (engineResult, courseResult) = await (engine, course)
        let images = await baseImageChecks(catalogue: courseResult.catalogue, engine: engineResult.engine)
        let workspace = await workspaceCheck(catalogue: courseResult.catalogue)
        return DoctorReport(checks: engineResult.checks + [courseResult.check] + images + (await database) + [workspace])
    }
}
