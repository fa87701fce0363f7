import Foundation

/// An aggregate type: a category of streams, the state folded from their events, and the
/// events it understands.
///
/// Each aggregate lives in one stream, `category-id`. The engine keeps one live instance
/// of it per process, folds its events into ``State`` with ``apply(_:to:)``, and decides
/// commands (``Decision``) against that state.
///
/// The contract for conforming types:
/// - ``category`` is stable and contains no `-`: a stream's category is the text before its
///   first `-`, and stored streams are found by it.
/// - ``registerEvents(in:)`` registers every event type a decision can return. An event of
///   an unregistered type is still appended, but the next load of the aggregate fails with
///   ``CommandError/unreadableHistory(stream:version:type:reason:)``.
/// - ``apply(_:to:)`` is pure, total and deterministic: it runs on every load, after every
///   commit and in tools that replay history (the explorer's time travel), so it must not
///   have side effects, throw, or depend on anything but its arguments. Rules belong in
///   decisions; `apply` records what already happened.
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
    /// The state folded from a stream's events.
    ///
    /// A value: the engine keeps the committed state and hands decisions a copy. It is
    /// encoded as JSON to show people (``AggregateDescriptor/fold(_:codec:)``).
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
    /// When to snapshot the state (``SnapshotPolicy``); `nil` (the default): never, every
    /// cold load folds the whole stream.
    static var snapshotPolicy: SnapshotPolicy? { get }
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
///
/// Throw it from a ``Decision``; the engine answers the command with
/// ``CommandError/refused(_:)`` carrying it (``Refusal/error``). To refuse with values a
/// caller can switch on, throw a type of your own that conforms to ``DomainRefusal``.
public struct DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rule that refused, for people: what is wrong and, ideally, what to do.
    public let message: String
    /// Creates a refusal with a message for people.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// A command's decision: given the current state, the events to append, or a thrown error.
///
/// Decisions chain (``then(_:)``): the second sees the state after the first one's events,
/// and the events of both are appended atomically, or none are.
///
/// A decision must be pure: the engine may run it more than once for one command (again
/// after another process changed the stream, or when the batch it was decided in could not
/// be appended), and only the run whose events commit counts. Returning no events accepts
/// the command without writing anything.
public struct Decision<A: Aggregate>: Sendable {
    /// Decides against the current state: the events to append, or a thrown refusal
    /// (a ``DomainError`` or another ``DomainRefusal``, which the engine reports as
    /// ``CommandError/refused(_:)``; any other error is a bug, reported as
    /// ``CommandError/decisionFailed(_:)``).
    public let decide: @Sendable (A.State) throws -> [any DomainEvent]

    /// Creates a decision from a function of the aggregate's state.
    /// - Parameter decide: returns the events to append, or throws to refuse. It may run
    ///   several times for one command, so it must have no side effects.
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
