import EventScope

/// The torture domain's bounded counter: adding `n` is refused when the total would pass
/// ``maximum``; a reset is refused when the total is already 0; a check refuses when there is
/// no room for `n` and otherwise decides no events.
///
/// A real rule on a state that goes up and down, so a refusal decided against state that
/// never committed can be told apart from one some committed state justifies.
public enum TortureCounter: Aggregate {
    public struct State: Codable, Sendable, Equatable {
        public var total = 0
        public init(total: Int = 0) { self.total = total }
    }

    public static let category = "tcounter"
    public static let initialState = State()
    /// The most the total may reach.
    public static let maximum = 40
    /// Snapshots often, so that runs load from them (and the checks compare both ways).
    public static let snapshotPolicy: SnapshotPolicy? = SnapshotPolicy(every: 3)

    public static func registerEvents(in codec: inout EventCodec) {
        codec.register(TortureCounterAdded.self)
        codec.register(TortureCounterReset.self)
    }

    public static func apply(_ event: any DomainEvent, to state: State) -> State {
        switch event {
        case let e as TortureCounterAdded: return State(total: state.total + e.amount)
        case is TortureCounterReset: return State(total: 0)
        default: return state
        }
    }

    /// Adds `n`; refused past ``maximum``.
    public static func add(_ n: Int) -> Decision<TortureCounter> {
        Decision { s in
            guard s.total + n <= maximum else { throw DomainError("counter full: \(s.total) + \(n) > \(maximum)") }
            return [TortureCounterAdded(amount: n)]
        }
    }

    /// Back to 0; refused when already 0.
    public static let reset = Decision<TortureCounter> { s in
        guard s.total > 0 else { throw DomainError("counter already at 0") }
        return [TortureCounterReset()]
    }

    /// Decides no events; refused when there is no room for `n`.
    public static func requireRoom(_ n: Int) -> Decision<TortureCounter> {
        Decision { s in
            guard s.total + n <= maximum else { throw DomainError("no room for \(n): total \(s.total)") }
            return []
        }
    }
}

/// The counter went up by `amount`.
public struct TortureCounterAdded: DomainEvent, Equatable {
    public static let eventType: EventType = "torture.counter.added"
    public var amount: Int
}

/// The counter went back to 0.
public struct TortureCounterReset: DomainEvent, Equatable {
    public static let eventType: EventType = "torture.counter.reset"
}
