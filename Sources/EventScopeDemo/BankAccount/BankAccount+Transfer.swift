import EventScope
import Foundation

// MARK: - Transfers between accounts
//
// A transfer is a chain of events, one per step, sent by the transfer process manager
// (``TransferProcess``): requested on the source → sent (withdrawn) from the source →
// received by the target; or declined by the source (it can no longer pay); or rejected by
// the target (closed, never opened) → refunded to the source. The transfer's id is the id of
// its request event.
//
// Each side decides once and records its decision as an event in its own stream: the target
// records `received` or `rejected` (never both: the state keeps the transfers it settled), and
// the refund reacts to the recorded rejection only. So two process managers racing the
// target's opening, or a replay long after, never both pay the target and refund the source.

/// An event that sets the account's balance (what the accounts read model keeps).
public protocol BalanceChange: DomainEvent {
    /// The balance after the event.
    var balance: Int { get }
}

extension BankAccount {
    static func registerTransferEvents(in codec: inout EventCodec) {
        codec.register(TransferRequested.self)
        codec.register(TransferSent.self)
        codec.register(TransferDeclined.self)
        codec.register(TransferReceived.self)
        codec.register(TransferRefunded.self)
        codec.register(TransferRejected.self)
    }

    /// Asks for `amount` to go to the account `to` (a stream, `account-ID`): records the
    /// request; the transfer process manager moves the money.
    public static func requestTransfer(to: String, amount: Int) -> Decision<BankAccount> {
        Decision { state in
            try requireOpen(state)
            let target = StreamID(to)
            guard target.category == category, !target.id.isEmpty else {
                throw DomainError("to must be an account stream such as account-alan, got \"\(to)\"")
            }
            guard amount > 0 else { throw DomainError("amount must be positive, got \(amount)") }
            guard amount <= state.balance else {
                throw DomainError("insufficient funds: balance is \(state.balance), cannot transfer \(amount)")
            }
            return [TransferRequested(to: to, amount: amount)]
        }
    }

    /// The source's step: takes the money out, or declines when it can no longer pay; nothing
    /// when the account already settled this transfer (a replay, a second process manager).
    public static func sendTransfer(_ transfer: UUID, to: String, amount: Int) -> Decision<BankAccount> {
        Decision { state in
            guard state.outgoing[transfer] == nil else { return [] }
            if state.status != .open {
                return [TransferDeclined(transfer: transfer, to: to, amount: amount, reason: "the account is \(state.status == .closed ? "closed" : "not opened")")]
            }
            guard amount <= state.balance else {
                return [TransferDeclined(transfer: transfer, to: to, amount: amount, reason: "insufficient funds: balance is \(state.balance)")]
            }
            return [TransferSent(transfer: transfer, to: to, amount: amount, balance: state.balance - amount)]
        }
    }

    /// The target's step: takes the money in, or — closed, never opened, or full — records that
    /// it rejects the transfer (the process manager then refunds the source). Either way the
    /// decision is an event in the target's own stream, made once: a transfer the account has
    /// already received or rejected records nothing, even if the account was opened since.
    public static func receiveTransfer(_ transfer: UUID, from: String, amount: Int) -> Decision<BankAccount> {
        Decision { state in
            guard !state.incoming.contains(transfer) else { return [] }
            let reject = { (reason: String) -> [any DomainEvent] in [TransferRejected(transfer: transfer, from: from, amount: amount, reason: reason)] }
            switch state.status {
            case nil: return reject("account not opened; open it first")
            case .closed?: return reject("account is closed")
            case .open?: break
            }
            let (balance, overflow) = state.balance.addingReportingOverflow(amount)
            guard !overflow else { return reject("a balance of \(state.balance) cannot take \(amount) more") }
            return [TransferReceived(transfer: transfer, from: from, amount: amount, balance: balance)]
        }
    }

    /// The compensation: gives the money back to the source, saying why. Nothing when it was
    /// refunded already; refused when this account never paid the transfer out.
    public static func refundTransfer(_ transfer: UUID, to: String, amount: Int, reason: String) -> Decision<BankAccount> {
        Decision { state in
            switch state.outgoing[transfer] {
            case .refunded?: return []
            case .sent?: break
            case .declined?, nil:
                throw DomainError("transfer \(transfer.uuidString.lowercased()) was not paid out of this account; there is nothing to refund")
            }
            let (balance, overflow) = state.balance.addingReportingOverflow(amount)
            guard !overflow else { throw DomainError("a balance of \(state.balance) cannot take \(amount) more") }
            return [TransferRefunded(transfer: transfer, to: to, amount: amount, balance: balance, reason: reason)]
        }
    }
}

/// A transfer was asked for; the transfers process manager moves the money.
public struct TransferRequested: DomainEvent, Equatable {
    public static let eventType: EventType = "account.transfer-requested"
    /// The target account's stream.
    public var to: String
    public var amount: Int
    public init(to: String, amount: Int) {
        self.to = to
        self.amount = amount
    }
}

/// The source paid the transfer out (the withdrawal step).
public struct TransferSent: BalanceChange, Equatable {
    public static let eventType: EventType = "account.transfer-sent"
    /// The id of the request event.
    public var transfer: UUID
    public var to: String
    public var amount: Int
    public var balance: Int
    public init(transfer: UUID, to: String, amount: Int, balance: Int) {
        self.transfer = transfer
        self.to = to
        self.amount = amount
        self.balance = balance
    }
}

/// The source could no longer pay when the process manager asked: the transfer ends here.
public struct TransferDeclined: DomainEvent, Equatable {
    public static let eventType: EventType = "account.transfer-declined"
    public var transfer: UUID
    public var to: String
    public var amount: Int
    public var reason: String
    public init(transfer: UUID, to: String, amount: Int, reason: String) {
        self.transfer = transfer
        self.to = to
        self.amount = amount
        self.reason = reason
    }
}

/// The target took the money in (the deposit step).
public struct TransferReceived: BalanceChange, Equatable {
    public static let eventType: EventType = "account.transfer-received"
    public var transfer: UUID
    /// The source account's stream.
    public var from: String
    public var amount: Int
    public var balance: Int
    public init(transfer: UUID, from: String, amount: Int, balance: Int) {
        self.transfer = transfer
        self.from = from
        self.amount = amount
        self.balance = balance
    }
}

/// The target would not take the money in (closed, never opened, its balance full): recorded
/// in the target's stream, once; the process manager refunds the source in reaction.
public struct TransferRejected: DomainEvent, Equatable {
    public static let eventType: EventType = "account.transfer-rejected"
    public var transfer: UUID
    /// The source account's stream.
    public var from: String
    public var amount: Int
    public var reason: String
    public init(transfer: UUID, from: String, amount: Int, reason: String) {
        self.transfer = transfer
        self.from = from
        self.amount = amount
        self.reason = reason
    }
}

/// The compensation: the target rejected the transfer (closed, never opened), the source got
/// the money back. (Stores written before ``TransferRejected`` existed hold refunds that follow
/// the sent event directly.)
public struct TransferRefunded: BalanceChange, Equatable {
    public static let eventType: EventType = "account.transfer-refunded"
    public var transfer: UUID
    public var to: String
    public var amount: Int
    public var balance: Int
    public var reason: String
    public init(transfer: UUID, to: String, amount: Int, balance: Int, reason: String) {
        self.transfer = transfer
        self.to = to
        self.amount = amount
        self.balance = balance
        self.reason = reason
    }
}
