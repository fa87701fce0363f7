import EventScope
import Foundation

/// A bank account, for teaching invariants: no overdraft, nothing happens on a closed account.
///
/// Amounts are whole units (e.g. cents or euros), never negative.
public enum BankAccount: Aggregate {
    public enum Status: String, Codable, Sendable { case open, closed }

    public struct State: Codable, Sendable, Equatable {
        public var owner: String?
        public var balance: Int
        /// `nil` until the account is opened.
        public var status: Status?
        public init(owner: String? = nil, balance: Int = 0, status: Status? = nil) {
            self.owner = owner
            self.balance = balance
            self.status = status
        }
    }

    public static let category = "account"
    public static let initialState = State()
    /// A snapshot every 1,000 events: a cold load folds at most that many (plus the window of recent ids).
    public static let snapshotPolicy: SnapshotPolicy? = SnapshotPolicy(every: 1000)

    public static func registerEvents(in codec: inout EventCodec) {
        codec.register(AccountOpened.self)
        codec.register(MoneyDeposited.self)
        codec.register(MoneyWithdrawn.self)
        codec.register(AccountClosed.self)
        registerTransferEvents(in: &codec)
    }

    public static func apply(_ event: any DomainEvent, to state: State) -> State {
        var s = state
        switch event {
        case let e as AccountOpened:
            s = State(owner: e.owner, balance: 0, status: .open)
        case let e as MoneyDeposited:
            s.balance = e.balance
        case let e as MoneyWithdrawn:
            s.balance = e.balance
        case is AccountClosed:
            s.status = .closed
        case let e as any BalanceChange:
            s.balance = e.balance
        default:
            break
        }
        return s
    }

    // MARK: - Decisions

    /// The longest owner name an account accepts.
    public static let maxOwnerLength = 200

    public static func open(owner: String) -> Decision<BankAccount> {
        Decision { state in
            guard state.status == nil else { throw DomainError("account already opened") }
            let name = owner.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw DomainError("owner name must not be empty") }
            guard name.count <= maxOwnerLength else {
                throw DomainError("owner name is \(name.count) characters long; the most is \(maxOwnerLength)")
            }
            return [AccountOpened(owner: name)]
        }
    }

    public static func deposit(_ amount: Int) -> Decision<BankAccount> {
        Decision { state in
            try requireOpen(state)
            guard amount > 0 else { throw DomainError("amount must be positive, got \(amount)") }
            let (balance, overflow) = state.balance.addingReportingOverflow(amount)
            guard !overflow else {
                throw DomainError("a balance of \(state.balance) cannot take \(amount) more: the largest balance is \(Int.max)")
            }
            return [MoneyDeposited(amount: amount, balance: balance)]
        }
    }

    public static func withdraw(_ amount: Int) -> Decision<BankAccount> {
        Decision { state in
            try requireOpen(state)
            guard amount > 0 else { throw DomainError("amount must be positive, got \(amount)") }
            guard amount <= state.balance else {
                throw DomainError("insufficient funds: balance is \(state.balance), cannot withdraw \(amount)")
            }
            return [MoneyWithdrawn(amount: amount, balance: state.balance - amount)]
        }
    }

    /// Closes the account; refused while money is still in it.
    public static let close = Decision<BankAccount> { state in
        try requireOpen(state)
        guard state.balance == 0 else {
            throw DomainError("balance is \(state.balance); withdraw it before closing")
        }
        return [AccountClosed()]
    }

    static func requireOpen(_ state: State) throws {
        switch state.status {
        case nil: throw DomainError("account not opened; open it first")
        case .closed?: throw DomainError("account is closed")
        case .open?: return
        }
    }
}

public struct AccountOpened: DomainEvent, Equatable {
    public static let eventType: EventType = "account.opened"
    public var owner: String
    public init(owner: String) { self.owner = owner }
}

public struct MoneyDeposited: DomainEvent, Equatable {
    public static let eventType: EventType = "account.deposited"
    public var amount: Int
    /// The balance after the deposit.
    public var balance: Int
    public init(amount: Int, balance: Int) {
        self.amount = amount
        self.balance = balance
    }
}

public struct MoneyWithdrawn: DomainEvent, Equatable {
    public static let eventType: EventType = "account.withdrawn"
    public var amount: Int
    /// The balance after the withdrawal.
    public var balance: Int
    public init(amount: Int, balance: Int) {
        self.amount = amount
        self.balance = balance
    }
}

public struct AccountClosed: DomainEvent, Equatable {
    public static let eventType: EventType = "account.closed"
    public init() {}
}
