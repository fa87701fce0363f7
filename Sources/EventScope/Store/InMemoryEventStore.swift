import Foundation
import Synchronization

/// An ``EventStore`` held in memory: for tests, demos and `--store memory:`.
///
/// It follows the same contract as the persistent backends; nothing survives the process.
/// Every call runs under one lock, so an append is atomic and appends are serialized; an
/// append never throws ``EventStoreError/unavailable(_:)`` or
/// ``EventStoreError/inDoubt(stream:message:)``.
public final class InMemoryEventStore: EventStore, SnapshotStore {
    private struct Storage {
        var events: [RecordedEvent] = []
        /// Indices into `events`, per stream, in version order.
        var streams: [StreamID: [Int]] = [:]
        /// Where each event id is stored.
        var eventIndex: [UUID: Int] = [:]
        /// Each stream's kept snapshots by version (``SnapshotStore``).
        var snapshots: [StreamID: [Int64: StoredSnapshot]] = [:]
    }

    private let storage = Mutex(Storage())
    private let signal = HeadSignal()

    /// Which snapshots are kept per stream.
    public let snapshotHistory: SnapshotHistory

    /// Creates an empty store that thins each stream's snapshots by `snapshotHistory`.
    public init(snapshotHistory: SnapshotHistory = .standard) {
        self.snapshotHistory = snapshotHistory
    }

    /// `memory:`, as the `--store` option spells it.
    public var displayName: String { "memory:" }

    /// Appends events to a stream atomically (see ``EventStore/append(_:to:expected:)``).
    /// - Throws: ``EventStoreError/wrongExpectedVersion(stream:expected:actual:)`` or
    ///   ``EventStoreError/duplicateEventID(stream:eventID:)``; nothing is written then.
    public func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion) async throws -> AppendResult {
        if let repeated = Self.repeatedEventID(events) {
            throw EventStoreError.duplicateEventID(stream: stream, eventID: repeated.uuidString)
        }
        let result: AppendResult = try storage.withLock { s in
            let current = StreamVersion(Int64(s.streams[stream]?.count ?? 0))
            if let idempotent = try Self.idempotentResult(events, stream: stream, current: current, storage: s) {
                return idempotent
            }
            guard expected.isSatisfied(by: current) else {
                throw EventStoreError.wrongExpectedVersion(stream: stream, expected: expected, actual: current)
            }
            let now = Date()
            var recorded: [RecordedEvent] = []
            var version = current
            // Appended in place: copying the stream's index would make appends O(stream length).
            for e in events {
                version = version.next
                let index = s.events.count
                let r = RecordedEvent(
                    eventID: e.eventID, streamID: stream, version: version,
                    position: GlobalPosition(Int64(index + 1)), type: e.type, data: e.data,
                    metadata: e.metadata, recordedAt: now)
                s.events.append(r)
                s.eventIndex[e.eventID] = index
                s.streams[stream, default: []].append(index)
                recorded.append(r)
            }
            return AppendResult(streamID: stream, version: version, events: recorded)
        }
        if let last = result.events.last { signal.advance(to: last.position) }
        return result
    }

    /// The first event id that `events` carries more than once (such an append is refused).
    private static func repeatedEventID(_ events: [ProposedEvent]) -> UUID? {
        guard events.count > 1 else { return nil }
        var seen = Set<UUID>(minimumCapacity: events.count)
        for e in events where !seen.insert(e.eventID).inserted { return e.eventID }
        return nil
    }

    /// The stored events when every id of `events` is already in `stream`; `nil` when none is.
    private static func idempotentResult(_ events: [ProposedEvent], stream: StreamID, current: StreamVersion, storage s: Storage) throws -> AppendResult? {
        var found: [RecordedEvent] = []
        for e in events {
            if let index = s.eventIndex[e.eventID] {
                let r = s.events[index]
                guard r.streamID == stream else {
                    throw EventStoreError.duplicateEventID(stream: stream, eventID: e.eventID.uuidString)
                }
                found.append(r)
            }
        }
        if found.isEmpty { return nil }
        guard found.count == events.count else {
            throw EventStoreError.duplicateEventID(stream: stream, eventID: found[0].eventID.uuidString)
        }
        return AppendResult(streamID: stream, version: current, events: found)
    }

    /// Reads a stream forwards from `version` (inclusive), at most `limit` events.
    public func read(_ stream: StreamID, from version: StreamVersion, limit: Int) async throws -> [RecordedEvent] {
        storage.withLock { s in
            guard let indices = s.streams[stream], limit > 0 else { return [] }
            let start = max(0, Int(version.value) - 1)
            guard start < indices.count else { return [] }
            return indices[start..<min(indices.count, start + limit)].map { s.events[$0] }
        }
    }

    /// Reads a stream backwards from `version` (inclusive; `nil` is the newest event).
    public func readBackward(_ stream: StreamID, from version: StreamVersion?, limit: Int) async throws -> [RecordedEvent] {
        storage.withLock { s in
            guard let indices = s.streams[stream], limit > 0 else { return [] }
            let top = min(indices.count, Int(version?.value ?? Int64(indices.count)))
            guard top >= 1 else { return [] }
            let low = max(0, top - limit)
            return indices[low..<top].reversed().map { s.events[$0] }
        }
    }

    /// Reads `$all` forwards from `position` (inclusive), at most `limit` events.
    public func readAll(from position: GlobalPosition, limit: Int) async throws -> [RecordedEvent] {
        storage.withLock { s in
            let start = max(0, Int(position.value) - 1)
            guard start < s.events.count, limit > 0 else { return [] }
            return Array(s.events[start..<min(s.events.count, start + limit)])
        }
    }

    /// Reads `$all` backwards from `position` (inclusive; `nil` is the newest event).
    public func readAllBackward(from position: GlobalPosition?, limit: Int) async throws -> [RecordedEvent] {
        storage.withLock { s in
            let top = min(s.events.count, Int(position?.value ?? Int64(s.events.count)))
            guard top >= 1, limit > 0 else { return [] }
            return s.events[max(0, top - limit)..<top].reversed()
        }
    }

    /// Lists streams matching `query`, the page after `cursor`.
    public func streams(after cursor: StreamCursor?, limit: Int, query: StreamQuery) async throws -> [StreamInfo] {
        let all: [StreamInfo] = storage.withLock { s in
            s.streams.compactMap { id, indices in
                guard let last = indices.last else { return nil }
                let e = s.events[last]
                return StreamInfo(
                    streamID: id, version: e.version, lastPosition: e.position,
                    lastUpdated: e.recordedAt, lastEventType: e.type)
            }
        }
        return query.page(of: all, after: cursor, limit: limit)
    }

    /// The listing row of one stream, or `nil` if it has no events.
    public func streamInfo(_ stream: StreamID) async throws -> StreamInfo? {
        storage.withLock { s in
            guard let last = s.streams[stream]?.last else { return nil }
            let e = s.events[last]
            return StreamInfo(
                streamID: stream, version: e.version, lastPosition: e.position,
                lastUpdated: e.recordedAt, lastEventType: e.type)
        }
    }

    /// Counts and the head position.
    public func stats() async throws -> StoreStats {
        storage.withLock { s in
            StoreStats(
                eventCount: Int64(s.events.count), streamCount: Int64(s.streams.count),
                headPosition: GlobalPosition(Int64(s.events.count)))
        }
    }

    /// Returns once an append passes `position`, after `timeout`, or on cancellation.
    public func waitForEvents(after position: GlobalPosition, timeout: Duration) async throws {
        await signal.wait(after: position, timeout: timeout)
    }
}

// MARK: - Snapshots

extension InMemoryEventStore {
    public func writeSnapshot(_ snapshot: StoredSnapshot) async throws {
        let history = snapshotHistory
        storage.withLock { s in
            var kept = s.snapshots[snapshot.streamID] ?? [:]
            for v in history.dropped(whenWriting: snapshot.version.value, among: kept.keys) { kept[v] = nil }
            kept[snapshot.version.value] = snapshot
            s.snapshots[snapshot.streamID] = kept
        }
    }

    public func snapshot(of stream: StreamID) async throws -> StoredSnapshot? {
        storage.withLock { s in s.snapshots[stream].flatMap { kept in kept.keys.max().flatMap { kept[$0] } } }
    }

    public func snapshot(of stream: StreamID, atOrBefore version: StreamVersion) async throws -> StoredSnapshot? {
        storage.withLock { s in
            s.snapshots[stream].flatMap { kept in kept.keys.filter { $0 <= version.value }.max().flatMap { kept[$0] } }
        }
    }

    public func snapshotVersions(of stream: StreamID) async throws -> [StreamVersion] {
        storage.withLock { s in (s.snapshots[stream]?.keys.sorted() ?? []).map { StreamVersion($0) } }
    }

    public func snapshots(after stream: StreamID?, limit: Int) async throws -> [StoredSnapshot] {
        guard limit > 0 else { return [] }
        return storage.withLock { s in
            s.snapshots.compactMap { id, kept -> StoredSnapshot? in
                guard stream == nil || id.rawValue > stream!.rawValue, let v = kept.keys.max() else { return nil }
                return kept[v]
            }
            .sorted { $0.streamID.rawValue < $1.streamID.rawValue }
            .prefix(limit).map { $0 }
        }
    }

    public func deleteSnapshot(of stream: StreamID) async throws {
        storage.withLock { $0.snapshots[stream] = nil }
    }
}

extension InMemoryEventStore: StreamEventTypeSearch {
    /// Streams whose id, category filter and order match `query`, with ``StreamQuery/contains``
    /// matched against the id and the type of every event of the stream.
    public func streamsWithAnyEventType(after cursor: StreamCursor?, limit: Int, query: StreamQuery) async throws -> [StreamInfo] {
        guard let contains = query.contains, !contains.isEmpty else { return try await streams(after: cursor, limit: limit, query: query) }
        let needle = contains.lowercased()
        let (all, typed): ([StreamInfo], Set<StreamID>) = storage.withLock { s in
            var typed = Set<StreamID>()
            var types: [EventType: Bool] = [:]
            for e in s.events where !typed.contains(e.streamID) {
                let matches = types[e.type] ?? {
                    let m = e.type.rawValue.lowercased().contains(needle)
                    types[e.type] = m
                    return m
                }()
                if matches { typed.insert(e.streamID) }
            }
            let all = s.streams.compactMap { id, indices -> StreamInfo? in
                guard let last = indices.last else { return nil }
                let e = s.events[last]
                return StreamInfo(streamID: id, version: e.version, lastPosition: e.position, lastUpdated: e.recordedAt, lastEventType: e.type)
            }
            return (all, typed)
        }
        var rest = query
        rest.contains = nil
        return rest.page(of: all.filter { typed.contains($0.streamID) || query.matches($0) }, after: cursor, limit: limit)
    }
}
