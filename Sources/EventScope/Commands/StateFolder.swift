import Foundation

/// An aggregate's state folded event by event, without knowing its Swift type: for tools
/// (the explorer's time travel) that step through long streams.
///
/// A value: copying a folder keeps a checkpoint, so a tool can fold a 100,000-event stream
/// once, keep a copy every N versions, and reach any version by applying at most N events.
public struct StateFolder: Sendable {
    private var state: any Sendable
    private let step: @Sendable (any Sendable, any DomainEvent) -> any Sendable
    private let encode: @Sendable (any Sendable) -> Data
    /// The version folded up to.
    public private(set) var version = StreamVersion.none
    /// Events that could not be applied (unknown type or undecodable), by version.
    public private(set) var skipped: [StreamVersion] = []

    init<A: Aggregate>(_ type: A.Type) {
        state = A.initialState
        step = { state, event in A.apply(event, to: state as! A.State) }
        encode = { state in CommandCatalog.prettyJSON(state as! A.State) }
    }

    /// A folder at `state`, the state after the event at `version` (a snapshot's).
    init<A: Aggregate>(_ type: A.Type, state: A.State, version: StreamVersion) {
        self.init(A.self)
        self.state = state
        self.version = version
    }

    /// Applies a stream's next events, in order.
    public mutating func apply(_ events: some Sequence<RecordedEvent>, codec: EventCodec) {
        for r in events {
            if let e = codec.decode(r).event { state = step(state, e) } else { skipped.append(r.version) }
            version = r.version
        }
    }

    /// The state folded so far, as JSON for people.
    public var folded: FoldedState { FoldedState(json: encode(state), version: version, skipped: skipped) }
}
