import EventScope
import Foundation
import EventScopeRedis
import EventScopeSQLite
extension ScratchStore {
    /// How ``appendCeiling(_:)`` measures, for people.
    public var ceilingMethod: String {
        switch origin {
        case .memory: return "1,000-event appends straight to the store"
        case .redis: return "the append script pipelined 100 deep on one connection"
        case .sqlite: return "plain INSERTs, 1,000 per transaction"
        }
    }

    /// The backend's own ceiling for appending `events`, events per second, without the
    /// engine: what the store under test is compared with. Runs on data of its own (a second
    /// scratch file, prefix or store), deleted afterwards.
    /// - Throws: the backend's errors (see ``SQLiteEventStore/insertLimit(path:durable:appending:perTransaction:)``
    ///   and ``RedisEventStore/serverLimit(_:appending:depth:)``).
    public func appendCeiling(_ events: [(stream: StreamID, event: ProposedEvent)]) async throws -> Double {
        switch origin {
        case .memory:
            return try await Self.memoryCeiling(events)
        case .redis(let url):
            return try await RedisEventStore.serverLimit(url, appending: events, depth: 100)
        case .sqlite(let path, let durable):
            let scratch = Self.scratchPath(near: path, label: "limit")
            defer { Self.remove(scratch) }
            return try await SQLiteEventStore.insertLimit(path: scratch, durable: durable, appending: events)
        }
    }

    /// For SQLite, the median time of one write transaction of one row on a scratch file
    /// next to the store's, with its durability (see ``SQLiteEventStore/commitLatency(path:durable:event:commits:)``);
    /// `nil` for the other kinds.
    public func commitMilliseconds(_ event: ProposedEvent) async throws -> Double? {
        guard case .sqlite(let path, let durable) = origin else { return nil }
        let scratch = Self.scratchPath(near: path, label: "commit")
        defer { Self.remove(scratch) }
        return try await SQLiteEventStore.commitLatency(path: scratch, durable: durable, event: event)
    }

    /// The in-memory store's ceiling: the events in appends of 1,000, each to the stream of
    /// its first event.
    private static func memoryCeiling(_ events: [(stream: StreamID, event: ProposedEvent)]) async throws -> Double {
        let store = InMemoryEventStore()
        let clock = ContinuousClock()
        let start = clock.now
        for first in stride(from: 0, to: events.count, by: 1_000) {
            let chunk = events[first..<min(events.count, first + 1_000)]
            _ = try await store.append(chunk.map(\.event), to: chunk[first].stream, expected: .any)
        }
        return Double(events.count) / max((clock.now - start) / .seconds(1), 1e-9)
    }
}
