import EventSourcing
import Foundation

/// Checks counters against the store after a load: every acknowledged increment must be
/// stored, and each counter's stream must be consistent (the n-th increment says count n).
///
/// It reads the streams back from the store, not from the engine's memory, so it also
/// sees increments made by other processes: those are neither lost nor counted as ours.
struct CounterAudit: Sendable {
    /// Acknowledged increments not found in their counter's stream.
    var lost = 0
    /// Counters whose stream does not add up (an increment's count is not its ordinal).
    var inconsistent: [String] = []
    /// The sum of the counters' final counts.
    var totalCount = 0
    /// Increment events in the streams that carry this run's correlation id.
    var attributed = 0

    static func run(store: any EventStore, acknowledged: [String: [UUID]], counterIDs: [String], correlationID: UUID?) async throws -> CounterAudit {
        var audit = CounterAudit()
        for id in counterIDs {
            let events = try await store.readStream(StreamID(category: "counter", id: id))
            var stored = Set<UUID>()
            var count = 0
            var consistent = true
            for e in events where e.type == "counter.incremented" {
                count += 1
                stored.insert(e.eventID)
                if let correlationID, e.metadata.correlationID == correlationID { audit.attributed += 1 }
                let recorded = (try? JSONSerialization.jsonObject(with: e.data) as? [String: Any])?["count"] as? Int
                if recorded != count { consistent = false }
            }
            if !consistent { audit.inconsistent.append("counter-\(id)") }
            audit.totalCount += count
            audit.lost += (acknowledged[id] ?? []).filter { !stored.contains($0) }.count
        }
        return audit
    }
}
