/// A configuration that cannot be used (a config file's or the lint flags'): the message says
/// what is wrong and how to write it.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
