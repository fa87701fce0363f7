import Foundation

/// An aggregate type: a category of streams, the state folded from their events, and the
/// events it understands.
///
/// ```swift
/// enum Counter: Aggregate {
///     static let category = "counter"
///     static let initialState = State()
///     static func registerEvents(in codec: inout EventCodec) { codec.register(CounterCreated.self) }
///     static func apply(_ event: any DomainEvent, to state: State) -> State { ... }
/// }
/// ```
public protocol Aggregate: Sendable {
    /// The state folded from a stream's events. Encoded as JSON to show people.
    associatedtype State: Codable & Sendable & Equatable

    /// The stream category, e.g. `"counter"` for streams `counter-<id>`.
    static var category: String { get }
    /// The state of a stream with no events.
    static var initialState: State { get }
    /// Registers every event type of this aggregate with a codec.
    static func registerEvents(in codec: inout EventCodec)
    /// The state after `event` (the original design's `next_state`). Must be pure; events it
    /// does not know leave the state unchanged.
    static func apply(_ event: any DomainEvent, to state: State) -> State
}

extension Aggregate {
    /// The state after each of `events` in order.
    public static func fold(_ events: [any DomainEvent], from state: State = initialState) -> State {
        events.reduce(state) { apply($1, to: $0) }
    }

    /// The stream of the aggregate with this id.
    public static func stream(_ id: String) -> StreamID { StreamID(category: category, id: id) }
}

/// A refusal by a domain rule (e.g. "insufficient funds"): the command writes nothing.
public struct DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A command's decision: given the current state, the events to append, or a thrown error.
///
/// Decisions chain (``then(_:)``): the second sees the state after the first one's events,
/// and the events of both are appended atomically, or none are.
public struct Decision<A: Aggregate>: Sendable {
    public let decide: @Sendable (A.State) throws -> [any DomainEvent]

    public init(_ decide: @escaping @Sendable (A.State) throws -> [any DomainEvent]) {
        self.decide = decide
    }

    /// This decision followed by `next`, as one atomic unit.
    public func then(_ next: Decision<A>) -> Decision<A> {
        Decision { state in
            let first = try self.decide(state)
            let second = try next.decide(A.fold(first, from: state))
            return first + second
        }
    }
}
