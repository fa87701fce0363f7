import EventScope
import Foundation
import Synchronization

/// An ``EventStore`` that wraps another and injects the faults of a ``FaultPlan``: latency,
/// transient failures before anything is written (`unavailable`), and replies lost after
/// the append committed (`inDoubt`).
///
/// Each engine of a torture run talks to the shared store through its own wrapper, so each
/// has its own fault sequence. ``stopFaults()`` turns it into a plain pass-through (the final
/// checks read through it without faults).
public final class FaultyEventStore: EventStore, SnapshotStore {
    public let inner: any EventStore
    public let plan: FaultPlan
    public let engine: Int
    private let appendCalls = Atomic<Int>(0)
    private let readCalls = Atomic<Int>(0)
    private let active = Atomic<Bool>(true)
    private let counts = Mutex<[FaultKind: Int]>([:])

    public init(_ inner: any EventStore, plan: FaultPlan, engine: Int) {
        self.inner = inner
        self.plan = plan
        self.engine = engine
    }

    /// Faults injected so far, by kind.
    public var injected: [FaultKind: Int] { counts.withLock { $0 } }

    /// Stops injecting faults from now on.
    public func stopFaults() { active.store(false, ordering: .sequentiallyConsistent) }

    public var displayName: String { "faulty(\(inner.displayName))" }

    public func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion) async throws -> AppendResult {
        let call = appendCalls.add(1, ordering: .relaxed).oldValue
        let fault = active.load(ordering: .sequentiallyConsistent) ? plan.append(engine: engine, call: call) : .none
        if let kind = fault.kind { counts.withLock { $0[kind, default: 0] += 1 } }
        switch fault {
        case .none:
            return try await inner.append(events, to: stream, expected: expected)
        case .latency(let delay):
            try? await Task.sleep(for: delay)
            return try await inner.append(events, to: stream, expected: expected)
        case .unavailable:
            throw EventStoreError.unavailable("torture: injected failure before append #\(call) of engine \(engine) (nothing written)")
        case .lostReply:
            _ = try await inner.append(events, to: stream, expected: expected)
            throw EventStoreError.inDoubt(stream: stream, message: "torture: the reply to append #\(call) of engine \(engine) was lost after it committed")
        }
    }

    public func read(_ stream: StreamID, from version: StreamVersion, limit: Int) async throws -> [RecordedEvent] {
        let call = readCalls.add(1, ordering: .relaxed).oldValue
        let fault = active.load(ordering: .sequentiallyConsistent) ? plan.read(engine: engine, call: call) : .none
        switch fault {
        case .unavailable:
            counts.withLock { $0[.readFailure, default: 0] += 1 }
            throw EventStoreError.unavailable("torture: injected failure of read #\(call) of engine \(engine)")
        case .latency(let delay):
            counts.withLock { $0[.latency, default: 0] += 1 }
            try? await Task.sleep(for: delay)
        case .none, .lostReply:
            break
        }
        return try await inner.read(stream, from: version, limit: limit)
    }

    // MARK: - Pass-through

    public func readBackward(_ stream: StreamID, from version: StreamVersion?, limit: Int) async throws -> [RecordedEvent] {
        try await inner.readBackward(stream, from: version, limit: limit)
    }

    public func readAll(from position: GlobalPosition, limit: Int) async throws -> [RecordedEvent] {
        try await inner.readAll(from: position, limit: limit)
    }

    public func readAllBackward(from position: GlobalPosition?, limit: Int) async throws -> [RecordedEvent] {
        try await inner.readAllBackward(from: position, limit: limit)
    }

    public func streams(after cursor: StreamCursor?, limit: Int, query: StreamQuery) async throws -> [StreamInfo] {
        try await inner.streams(after: cursor, limit: limit, query: query)
    }

    public func streamInfo(_ stream: StreamID) async throws -> StreamInfo? {
        try await inner.streamInfo(stream)
    }

    public func stats() async throws -> StoreStats {
        try await inner.stats()
    }

    public func waitForEvents(after position: GlobalPosition, timeout: Duration) async throws {
        try await inner.waitForEvents(after: position, timeout: timeout)
    }
}

// MARK: - Snapshots

/// Snapshots pass through to the wrapped store (none when it keeps none). While faults are on,
/// one snapshot read in seven fails, so that a failing snapshot store is part of the run: the
/// engine must then load from the events.
extension FaultyEventStore {
    private var innerSnapshots: (any SnapshotStore)? { inner as? any SnapshotStore }

    public func writeSnapshot(_ snapshot: StoredSnapshot) async throws {
        try await innerSnapshots?.writeSnapshot(snapshot)
    }

    public func snapshot(of stream: StreamID) async throws -> StoredSnapshot? {
        let call = readCalls.load(ordering: .relaxed)
        if active.load(ordering: .sequentiallyConsistent), call % 7 == 3 {
            throw EventStoreError.unavailable("torture: injected failure reading the snapshot of \(stream)")
        }
        return try await innerSnapshots?.snapshot(of: stream)
    }

    public func snapshot(of stream: StreamID, atOrBefore version: StreamVersion) async throws -> StoredSnapshot? {
        try await innerSnapshots?.snapshot(of: stream, atOrBefore: version)
    }

    public func snapshotVersions(of stream: StreamID) async throws -> [StreamVersion] {
        try await innerSnapshots?.snapshotVersions(of: stream) ?? []
    }

    public func snapshots(after stream: StreamID?, limit: Int) async throws -> [StoredSnapshot] {
        try await innerSnapshots?.snapshots(after: stream, limit: limit) ?? []
    }

    public func deleteSnapshot(of stream: StreamID) async throws {
        try await innerSnapshots?.deleteSnapshot(of: stream)
    }
}
