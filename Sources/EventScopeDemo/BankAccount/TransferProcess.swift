import EventScope
import Foundation

/// The transfer process manager: moves the money of each requested transfer.
///
/// - on `account.transfer-requested` it tells the source to send (withdraw) the amount;
/// - on `account.transfer-sent` it tells the target to receive it; when the target refuses
///   (closed, never opened) it refunds the source, with the refusal as the reason.
///
/// Every step is an event on an account, and every command carries the event it reacts to as
/// its causation (``ProcessCommands``), so a replay or a second process never moves money twice.
public struct TransferProcess: ProcessManager {
    /// Its name (checkpoint key, `process:transfers` in metadata).
    public static let name = "transfers"
    public var name: String { Self.name }
    public var reactsTo: Set<EventType> { [TransferRequested.eventType, TransferSent.eventType] }

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
            // Replayed after the refund was stored (a crash before the checkpoint): the
            // transfer is settled. Without this, a target opened since would be paid as well.
            if try await refunded(e.transfer, after: event, commands: commands) { return }
            let target = StreamID(e.to)
            do {
                try await commands.execute(
                    BankAccount.self, id: target.id, step: "receive",
                    text: "receive transfer into \(e.to) from \(event.streamID) amount=\(e.amount)",
                    BankAccount.receiveTransfer(e.transfer, from: event.streamID.rawValue, amount: e.amount))
            } catch CommandError.refused(let refusal) {
                try await commands.execute(
                    BankAccount.self, id: event.streamID.id, step: "refund",
                    text: "refund transfer to \(event.streamID) amount=\(e.amount) (\(e.to): \(refusal.message))",
                    BankAccount.refundTransfer(e.transfer, to: e.to, amount: e.amount, reason: "\(e.to): \(refusal.message)"))
            }
        default:
            // A known type that does not decode: stop here rather than guess.
            if case .undecodable(_, _, let reason) = codec.decode(event) {
                throw TransferProcessError("cannot read \(event.type) of \(event.streamID): \(reason)")
            }
        }
    }
}

extension TransferProcess {
    /// Whether the source already holds the refund of `transfer` (after the sent event).
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
