import EventScope

/// The torture domain's account, which must never be overdrawn: a withdrawal of more than the
/// balance is refused; a check refuses below a balance and otherwise decides no events.
public enum TortureAccount: Aggregate {
    public struct State: Codable, Sendable, Equatable {
        public var balance = 0
        public init(balance: Int = 0) { self.balance = balance }
    }

    public static let category = "taccount"
    public static let initialState = State()
    /// Snapshots often, so that runs load from them (and the checks compare both ways).
    public static let snapshotPolicy: SnapshotPolicy? = SnapshotPolicy(every: 4)

    public static func registerEvents(in codec: inout EventCodec) {
        codec.register(TortureDeposited.self)
        codec.register(TortureWithdrew.self)
    }

    public static func apply(_ event: any DomainEvent, to state: State) -> State {
        switch event {
        case let e as TortureDeposited: return State(balance: state.balance + e.amount)
        case let e as TortureWithdrew: return State(balance: state.balance - e.amount)
        default: return state
        }
    }

    public static func deposit(_ n: Int) -> Decision<TortureAccount> {
        Decision { _ in [TortureDeposited(amount: n)] }
    }

    /// Takes `n` out; refused when the balance is below `n`.
    public static func withdraw(_ n: Int) -> Decision<TortureAccount> {
        Decision { s in
            guard s.balance >= n else { throw DomainError("insufficient funds: balance \(s.balance), withdrawing \(n)") }
            return [TortureWithdrew(amount: n)]
        }
    }

    /// Decides no events; refused when the balance is below `n`.
    public static func requireBalance(_ n: Int) -> Decision<TortureAccount> {
        Decision { s in
            guard s.balance >= n else { throw DomainError("balance \(s.balance) below \(n)") }
            return []
        }
    }
}

/// Money went in.
public struct TortureDeposited: DomainEvent, Equatable {
    public static let eventType: EventType = "torture.account.deposited"
    public var amount: Int
}

/// Money went out.
public struct TortureWithdrew: DomainEvent, Equatable {
    public static let eventType: EventType = "torture.account.withdrew"
    public var amount: Int
}
