/// The state a stream must be in for an append to go ahead (optimistic concurrency).
public enum ExpectedVersion: Hashable, Sendable, CustomStringConvertible {
    /// Append whatever the stream's state.
    case any
    /// The stream must not exist (have no events).
    case noStream
    /// The stream must have at least one event.
    case streamExists
    /// The stream's current version must be exactly this (`.exact(.none)` ≡ `.noStream`).
    case exact(StreamVersion)

    /// Whether a stream currently at `current` satisfies this expectation.
    public func isSatisfied(by current: StreamVersion) -> Bool {
        switch self {
        case .any: return true
        case .noStream: return current == .none
        case .streamExists: return current > .none
        case .exact(let v): return current == v
        }
    }

    /// The expectation for people, e.g. `version 3`.
    public var description: String {
        switch self {
        case .any: return "any"
        case .noStream: return "no stream"
        case .streamExists: return "stream exists"
        case .exact(let v): return "version \(v)"
        }
    }
}
