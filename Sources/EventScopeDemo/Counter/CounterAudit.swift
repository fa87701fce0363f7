import EventScope
import Foundation

/// Checks counters against the store after a load: each counter's stream must be consistent
/// (the n-th increment says count n). Whether every acknowledged increment is stored is the
/// generic ``LossCheck``'s job.
///
/// It reads the streams back from the store, not from the engine's memory, so it also
/// sees increments made by other processes.
public struct CounterAudit: Sendable {
    /// Counters whose stream does not add up (an increment's count is not its ordinal).
    public var inconsistent: [String] = []
    /// The sum of the counters' final counts.
    public var totalCount = 0
    /// Increment events in the streams that carry this run's correlation id.
    public var attributed = 0

    /// Reads the counters `counterIDs` back from `store` and checks each stream.
    /// - Parameter correlationID: this run's correlation id, to count its increments.
    public static func run(store: any EventStore, counterIDs: [String], correlationID: UUID?) async throws -> CounterAudit {
        var audit = CounterAudit()
        for id in counterIDs {
            let events = try await store.readStream(Counter.stream(id))
            var count = 0
            var consistent = true
            for e in events where e.type == CounterIncremented.eventType {
                count += 1
                if let correlationID, e.metadata.correlationID == correlationID { audit.attributed += 1 }
                let recorded = (try? JSONSerialization.jsonObject(with: e.data) as? [String: Any])?["count"] as? Int
                if recorded != count { consistent = false }
            }
            if !consistent { audit.inconsistent.append("counter-\(id)") }
            audit.totalCount += count
        }
        return audit
    }
}
