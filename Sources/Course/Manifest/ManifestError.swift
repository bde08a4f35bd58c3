/// Why an exercise manifest was refused: the file, the key (a dotted path such as
/// `checks[3].maxFraction`) and what was expected there.
public struct ManifestError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var key: String
    public var problem: String

    public init(file: String, key: String, problem: String) {
        self.file = file
        self.key = key
        self.problem = problem
    }

    public var description: String {
        key.isEmpty ? "\(file): \(problem)" : "\(file): `\(key)`: \(problem)"
    }
}
