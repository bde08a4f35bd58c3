/// A lesson as the course's path needs it: its id (the `id:` of its front matter, which
/// exercise manifests name in `lesson:`), its title, and how the learner opens it.
public struct CourseLesson: Sendable, Hashable {
    public var id: String
    public var title: String
    /// What `dockerlings read` takes: the lesson's number, such as `04`.
    public var reference: String

    public init(id: String, title: String, reference: String) {
        self.id = id
        self.title = title
        self.reference = reference
    }
}
