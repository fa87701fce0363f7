import EventScope

/// The original design's counter: created once, then incremented.
///
/// State is `{"count": N}` once created (`{}` before).
public enum Counter: Aggregate {
    public struct State: Codable, Sendable, Equatable {
        /// `nil` until the counter is created.
        public var count: Int?
        public init(count: Int? = nil) { self.count = count }
    }

    public static let category = "counter"
    public static let initialState = State()
    /// A snapshot every 1,000 events: a cold load folds at most that many (plus the window of recent ids).
    public static let snapshotPolicy: SnapshotPolicy? = SnapshotPolicy(every: 1000)

    public static func registerEvents(in codec: inout EventCodec) {
        codec.register(CounterCreated.self)
        codec.register(CounterIncremented.self)
    }

    public static func apply(_ event: any DomainEvent, to state: State) -> State {
        switch event {
        case is CounterCreated: return State(count: 0)
        case let e as CounterIncremented: return State(count: e.count)
        default: return state
        }
    }

    // MARK: - Decisions

    /// Creates the counter; refused if it already exists.
    public static let create = Decision<Counter> { state in
        guard state.count == nil else { throw DomainError("already created") }
        return [CounterCreated()]
    }

    /// Adds one; refused if the counter was never created.
    public static let increment = Decision<Counter> { state in
        guard let count = state.count else { throw DomainError("counter does not exist; create it first") }
        guard count < Int.max else { throw DomainError("counter is at its largest value, \(Int.max)") }
        return [CounterIncremented(count: count + 1)]
    }
}

/// A counter was created with count 0.
public struct CounterCreated: DomainEvent, Equatable {
    public static let eventType: EventType = "counter.created"
    public init() {}
}

/// A counter was incremented; `count` is the new count.
public struct CounterIncremented: DomainEvent, Equatable {
    public static let eventType: EventType = "counter.incremented"
    public var count: Int
    public init(count: Int) { self.count = count }
}

/// Typed command: create a counter.
public struct CreateCounter: Command {
    public var aggregateID: String
    public init(id: String) { aggregateID = id }
    public var decision: Decision<Counter> { Counter.create }
}

/// Typed command: increment a counter.
public struct IncrementCounter: Command {
    public var aggregateID: String
    public init(id: String) { aggregateID = id }
    public var decision: Decision<Counter> { Counter.increment }
}
