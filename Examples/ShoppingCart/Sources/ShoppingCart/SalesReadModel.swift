import EventScope
import Foundation
import Synchronization

/// Items sold per SKU, from checked-out carts' items: a read model kept in memory (a real
/// service keeps it in its database, with the checkpoint in the same transaction).
public final class SalesReadModel: EventHandler {
    public let name = "sales"
    private let codec: EventCodec
    private let state = Mutex(Sold())
    /// Fails the next batches this many times, to show a handler failure being retried.
    private let failuresToInject: Atomic<Int>

    private struct Sold {
        var checkpoint = GlobalPosition.start
        var itemsInCart: [StreamID: [String: Int]] = [:]
        var sold: [String: Int] = [:]
    }

    public init(codec: EventCodec, failFirstBatches: Int = 0) {
        self.codec = codec
        self.failuresToInject = Atomic(failFirstBatches)
    }

    /// Units sold, by SKU.
    public var sold: [String: Int] { state.withLock { $0.sold } }

    public func checkpoint() async throws -> GlobalPosition { state.withLock { $0.checkpoint } }

    public func handle(_ events: [RecordedEvent]) async throws {
        if failuresToInject.load(ordering: .relaxed) > 0 {
            failuresToInject.subtract(1, ordering: .relaxed)
            // An outage of the read model's storage (retried by the runner), not a bad event
            // (which would stop the handler at that event until someone retries or skips it).
            throw EventStoreError.unavailable("the sales database is briefly unavailable (injected)")
        }
        state.withLock { s in
            for recorded in events {
                switch codec.decode(recorded).event {
                case let e as ItemAdded: s.itemsInCart[recorded.streamID, default: [:]][e.sku, default: 0] += e.quantity
                case is CartCheckedOut:
                    for (sku, n) in s.itemsInCart.removeValue(forKey: recorded.streamID) ?? [:] { s.sold[sku, default: 0] += n }
                default: break
                }
                s.checkpoint = recorded.position
            }
        }
    }

}
