import EventSourcing
import Foundation

/// The store as a subscription sees it: reads that wait out an outage instead of failing.
///
/// ``RedisEventStore/subscribeAll(from:)`` pages through this wrapper, so a subscription
/// that meets a server outage pauses and resumes from its last position when the server is
/// back, with no gap and no duplicate. Cancelling the consuming task ends the wait.
struct ReconnectingReads: EventStore {
    let base: RedisEventStore

    var displayName: String { base.displayName }

    func readAll(from position: GlobalPosition, limit: Int) async throws -> [RecordedEvent] {
        var delay = Duration.milliseconds(50)
        while true {
            do {
                return try await base.readAll(from: position, limit: limit)
            } catch EventStoreError.unavailable where !base.pool.isClosed {
                try? await Task.sleep(for: delay)
                if Task.isCancelled { return [] }
                delay = min(delay * 2, .seconds(1))
            }
        }
    }

    func waitForEvents(after position: GlobalPosition, timeout: Duration) async throws {
        try await base.waitForEvents(after: position, timeout: timeout)
    }

    func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion) async throws -> AppendResult {
        try await base.append(events, to: stream, expected: expected)
    }
    func read(_ stream: StreamID, from version: StreamVersion, limit: Int) async throws -> [RecordedEvent] {
        try await base.read(stream, from: version, limit: limit)
    }
    func readBackward(_ stream: StreamID, from version: StreamVersion?, limit: Int) async throws -> [RecordedEvent] {
        try await base.readBackward(stream, from: version, limit: limit)
    }
    func readAllBackward(from position: GlobalPosition?, limit: Int) async throws -> [RecordedEvent] {
        try await base.readAllBackward(from: position, limit: limit)
    }
    func streams(after cursor: StreamCursor?, limit: Int, query: StreamQuery) async throws -> [StreamInfo] {
        try await base.streams(after: cursor, limit: limit, query: query)
    }
    func streamInfo(_ stream: StreamID) async throws -> StreamInfo? { try await base.streamInfo(stream) }
    func stats() async throws -> StoreStats { try await base.stats() }
}
