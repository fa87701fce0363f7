import EventScope
import Foundation

/// The store as a subscription sees it: reads that wait out an outage instead of failing.
///
/// ``RedisEventStore/subscribeAll(from:)`` pages through this wrapper, so a subscription
/// that meets a server outage pauses and resumes from its last position when the server is
/// back, with no gap and no duplicate. Cancelling the consuming task ends the wait.
struct ReconnectingReads: EventStoreWrapper {
    let redis: RedisEventStore
    var base: any EventStore { redis }

    func readAll(from position: GlobalPosition, limit: Int) async throws -> [RecordedEvent] {
        var delay = Duration.milliseconds(50)
        while true {
            do {
                return try await base.readAll(from: position, limit: limit)
            } catch EventStoreError.unavailable where !redis.pool.isClosed {
                try? await Task.sleep(for: delay)
                if Task.isCancelled { return [] }
                delay = min(delay * 2, .seconds(1))
            }
        }
    }
}
