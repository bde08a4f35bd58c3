/// The course's own rules (prefix DC), off unless enabled (`--enable course`).
enum CourseRules {
    static let all: [any Rule.Type] = []
}
