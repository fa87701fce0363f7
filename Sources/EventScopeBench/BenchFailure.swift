/// A bench run that could not measure what it set out to (an increment failed, the explorer
/// never drew a full frame): one line for people.
public struct BenchFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
