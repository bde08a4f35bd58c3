/// BuildKit's own checks (`docker build --check`), under their BuildKit names.
enum BuildKitRules {
    static let all: [any Rule.Type] = []
}
