import Foundation

/// The state folded from (part of) a stream, as JSON for people.
public struct FoldedState: Hashable, Sendable {
    /// The state as pretty-printed JSON with sorted keys.
    public var json: Data
    /// The version it was folded up to.
    public var version: StreamVersion
    /// Events that could not be applied (unknown type or undecodable), by version.
    public var skipped: [StreamVersion]
}
