import EventScope
import Foundation

/// The transfer process manager: moves the money of each requested transfer.
///
/// - on `account.transfer-requested` it tells the source to send (withdraw) the amount;
/// - on `account.transfer-sent` it tells the target to receive it; the target records either
///   `account.transfer-received` or, closed or never opened, `account.transfer-rejected`;
/// - on `account.transfer-rejected` it refunds the source, with the rejection as the reason.
///
/// Every step is an event on an account, and every command carries the event it reacts to as
/// its causation (``ProcessCommands``). Each decision is made once, by the account whose
/// stream records it (the target receives or rejects a transfer once; the source pays out and
/// refunds it once), so a replay or a second process never moves money twice — even when it
/// races the target's opening, or replays after the engine's window of command ids moved on.
public struct TransferProcess: ProcessManager {
    /// Its name (checkpoint key, `process:transfers` in metadata).
    public static let name = "transfers"
    public var name: String { Self.name }
    public var reactsTo: Set<EventType> { [TransferRequested.eventType, TransferSent.eventType, TransferRejected.eventType] }

    public init() {}

    public func react(to event: RecordedEvent, commands: ProcessCommands) async throws {
        let codec = commands.engine.codec
        switch codec.decode(event).event {
        case let e as TransferRequested:
            try await commands.execute(
                BankAccount.self, id: event.streamID.id, step: "send",
                text: "send transfer from \(event.streamID) to \(e.to) amount=\(e.amount)",
                BankAccount.sendTransfer(event.eventID, to: e.to, amount: e.amount))
        case let e as TransferSent:
            // A store written before rejections were recorded holds refunds that follow the
            // sent event directly: such a transfer is settled, and the target must not be asked
            // (it may have been opened since). A refund written now always follows a rejection
            // recorded by the target, which then records nothing more for the transfer.
            if try await refunded(e.transfer, after: event, commands: commands) { return }
            try await commands.execute(
                BankAccount.self, id: StreamID(e.to).id, step: "receive",
                text: "receive transfer into \(e.to) from \(event.streamID) amount=\(e.amount)",
                BankAccount.receiveTransfer(e.transfer, from: event.streamID.rawValue, amount: e.amount))
        case let e as TransferRejected:
            let source = StreamID(e.from)
            guard source.category == BankAccount.category, !source.id.isEmpty else {
                throw TransferProcessError("\(event.type) of \(event.streamID) names \"\(e.from)\" as its source, not an account")
            }
            let reason = "\(event.streamID): \(e.reason)"
            try await commands.execute(
                BankAccount.self, id: source.id, step: "refund",
                text: "refund transfer to \(e.from) amount=\(e.amount) (\(reason))",
                BankAccount.refundTransfer(e.transfer, to: event.streamID.rawValue, amount: e.amount, reason: reason))
        default:
            // A known type that does not decode: stop here rather than guess.
            if case .undecodable(_, _, let reason) = codec.decode(event) {
                throw TransferProcessError("cannot read \(event.type) of \(event.streamID): \(reason)")
            }
        }
    }
}

extension TransferProcess {
    /// Whether the source already holds the refund of `transfer` (after the sent event): the
    /// settlement of a transfer in a store written before ``TransferRejected`` existed.
    func refunded(_ transfer: UUID, after sent: RecordedEvent, commands: ProcessCommands) async throws -> Bool {
        let codec = commands.engine.codec
        var from = sent.version.next
        while true {
            let page = try await commands.engine.store.read(sent.streamID, from: from, limit: 500)
            if page.contains(where: { ($0.type == TransferRefunded.eventType) && (codec.decode($0).event as? TransferRefunded)?.transfer == transfer }) {
                return true
            }
            guard let last = page.last, page.count == 500 else { return false }
            from = last.version.next
        }
    }
}

/// An event the transfer process manager cannot read.
public struct TransferProcessError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
