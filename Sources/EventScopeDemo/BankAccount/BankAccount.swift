import EventScope
import Foundation

/// A bank account, for teaching invariants: no overdraft, nothing happens on a closed account.
///
/// Amounts are whole units (e.g. cents or euros), never negative.
public enum BankAccount: Aggregate {
    public enum Status: String, Codable, Sendable { case open, closed }

    /// Where a transfer this account pays out stands on its side.
    public enum OutgoingTransfer: String, Codable, Sendable { case sent, declined, refunded }

    public struct State: Codable, Sendable, Equatable {
        public var owner: String?
        public var balance: Int
        /// `nil` until the account is opened.
        public var status: Status?
        /// The transfers this account paid out (or declined, or had refunded), by transfer id:
        /// a step sent again (a replay, a second process manager) finds it settled and records
        /// nothing.
        public var outgoing: [UUID: OutgoingTransfer]
        /// The transfers this account settled as the target, by receiving or rejecting them:
        /// its decision is recorded once, whatever happens to the account later.
        public var incoming: Set<UUID>
        public init(owner: String? = nil, balance: Int = 0, status: Status? = nil, outgoing: [UUID: OutgoingTransfer] = [:], incoming: Set<UUID> = []) {
            self.owner = owner
            self.balance = balance
            self.status = status
            self.outgoing = outgoing
            self.incoming = incoming
        }

        private enum CodingKeys: String, CodingKey { case owner, balance, status, outgoing, incoming }

        // The transfer sets are written only when not empty (an account without transfers
        // reads as before), keyed by the transfer id in lower case.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            owner = try c.decodeIfPresent(String.self, forKey: .owner)
            balance = try c.decode(Int.self, forKey: .balance)
            status = try c.decodeIfPresent(Status.self, forKey: .status)
            let out = try c.decodeIfPresent([String: OutgoingTransfer].self, forKey: .outgoing) ?? [:]
            outgoing = Dictionary(uniqueKeysWithValues: try out.map { key, value in
                guard let id = UUID(uuidString: key) else {
                    throw DecodingError.dataCorruptedError(forKey: .outgoing, in: c, debugDescription: "\(key) is not a transfer id")
                }
                return (id, value)
            })
            incoming = Set(try c.decodeIfPresent([UUID].self, forKey: .incoming) ?? [])
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(owner, forKey: .owner)
            try c.encode(balance, forKey: .balance)
            try c.encodeIfPresent(status, forKey: .status)
            if !outgoing.isEmpty {
                try c.encode(Dictionary(uniqueKeysWithValues: outgoing.map { ($0.key.uuidString.lowercased(), $0.value) }), forKey: .outgoing)
            }
            if !incoming.isEmpty {
                try c.encode(incoming.map { $0.uuidString.lowercased() }.sorted(), forKey: .incoming)
            }
        }
    }

    public static let category = "account"
    public static let initialState = State()
    /// A snapshot every 1,000 events: a cold load folds at most that many (plus the window of recent ids).
    /// State version 2: the state keeps the transfers the account settled (snapshots of
    /// version 1 lack them and are not used).
    public static let snapshotPolicy: SnapshotPolicy? = SnapshotPolicy(every: 1000, stateVersion: 2)

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
            // The transfers it rejected before it was opened stay settled.
            s.owner = e.owner
            s.balance = 0
            s.status = .open
        case let e as MoneyDeposited:
            s.balance = e.balance
        case let e as MoneyWithdrawn:
            s.balance = e.balance
        case is AccountClosed:
            s.status = .closed
        case let e as TransferSent:
            s.balance = e.balance
            s.outgoing[e.transfer] = .sent
        case let e as TransferDeclined:
            s.outgoing[e.transfer] = .declined
        case let e as TransferRefunded:
            s.balance = e.balance
            s.outgoing[e.transfer] = .refunded
        case let e as TransferReceived:
            s.balance = e.balance
            s.incoming.insert(e.transfer)
        case let e as TransferRejected:
            s.incoming.insert(e.transfer)
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
