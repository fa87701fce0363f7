import EventScope
import EventScopeTesting
import Foundation
import Testing

// The code of the "Writing a store" article (EventScope.docc/WritingAStore.md), compiled
// here and run by DocArticleTests. Each region between `// DOC-BEGIN WritingAStore` and
// `// DOC-END` is one of the article's Swift code blocks, character for character.

// DOC-BEGIN WritingAStore
/// A store kept by an actor: the actor stands in for a database, and each of its methods
/// for one transaction.
actor LogEventStore: EventStore {
    private var log: [RecordedEvent] = []             // $all: position n is log[n - 1]
    private var streams: [StreamID: [Int]] = [:]      // indices into log, in version order
    private var eventIndex: [UUID: Int] = [:]         // where each event id is stored
    private let signal = HeadSignal()                  // wakes waitForEvents on a commit

    nonisolated var displayName: String { "log:" }
// DOC-END

    // DOC-BEGIN WritingAStore
    func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion) async throws -> AppendResult {
        let current = StreamVersion(Int64(streams[stream]?.count ?? 0))
        // One id twice in one append is refused: nothing is written.
        var ids = Set<UUID>()
        for event in events where !ids.insert(event.eventID).inserted {
            throw EventStoreError.duplicateEventID(stream: stream, eventID: event.eventID.uuidString)
        }
        // A retry after a lost reply: every id already in this stream returns what was stored.
        let stored = events.compactMap { eventIndex[$0.eventID] }.map { log[$0] }
        if !stored.isEmpty {
            guard stored.count == events.count, stored.allSatisfy({ $0.streamID == stream }) else {
                throw EventStoreError.duplicateEventID(stream: stream, eventID: stored[0].eventID.uuidString)
            }
            return AppendResult(streamID: stream, version: current, events: stored)
        }
        guard expected.isSatisfied(by: current) else {
            throw EventStoreError.wrongExpectedVersion(stream: stream, expected: expected, actual: current)
        }
        // All or nothing: nothing below can fail, and no `await` lets another call in.
        let now = Date()
        var recorded: [RecordedEvent] = []
        for (i, event) in events.enumerated() {
            recorded.append(RecordedEvent(
                eventID: event.eventID, streamID: stream, version: StreamVersion(current.value + Int64(i) + 1),
                position: GlobalPosition(Int64(log.count + 1)), type: event.type, data: event.data,
                metadata: event.metadata, recordedAt: now))
            eventIndex[event.eventID] = log.count
            streams[stream, default: []].append(log.count)
            log.append(recorded[i])
        }
        if let last = recorded.last { signal.advance(to: last.position) }
        return AppendResult(streamID: stream, version: recorded.last?.version ?? current, events: recorded)
    }
    // DOC-END

    // DOC-BEGIN WritingAStore
    func read(_ stream: StreamID, from version: StreamVersion, limit: Int) async throws -> [RecordedEvent] {
        let indices = streams[stream] ?? []
        let start = max(0, Int(version.value) - 1)
        guard start < indices.count, limit > 0 else { return [] }
        return indices[start..<min(indices.count, start + limit)].map { log[$0] }
    }

    func readAll(from position: GlobalPosition, limit: Int) async throws -> [RecordedEvent] {
        let start = max(0, Int(position.value) - 1)
        guard start < log.count, limit > 0 else { return [] }
        return Array(log[start..<min(log.count, start + limit)])
    }
    // DOC-END

    func readBackward(_ stream: StreamID, from version: StreamVersion?, limit: Int) async throws -> [RecordedEvent] {
        let indices = streams[stream] ?? []
        let top = min(indices.count, Int(version?.value ?? Int64(indices.count)))
        guard top >= 1, limit > 0 else { return [] }
        return indices[max(0, top - limit)..<top].reversed().map { log[$0] }
    }

    func readAllBackward(from position: GlobalPosition?, limit: Int) async throws -> [RecordedEvent] {
        let top = min(log.count, Int(position?.value ?? Int64(log.count)))
        guard top >= 1, limit > 0 else { return [] }
        return log[max(0, top - limit)..<top].reversed()
    }

    func streams(after cursor: StreamCursor?, limit: Int, query: StreamQuery) async throws -> [StreamInfo] {
        // `StreamQuery.page` filters, orders and pages rows listed from memory.
        query.page(of: streams.keys.compactMap { info($0) }, after: cursor, limit: limit)
    }

    func streamInfo(_ stream: StreamID) async throws -> StreamInfo? { info(stream) }

    private func info(_ stream: StreamID) -> StreamInfo? {
        guard let last = streams[stream]?.last.map({ log[$0] }) else { return nil }
        return StreamInfo(
            streamID: stream, version: last.version, lastPosition: last.position,
            lastUpdated: last.recordedAt, lastEventType: last.type)
    }

    // DOC-BEGIN WritingAStore
    func stats() async throws -> StoreStats {
        StoreStats(eventCount: Int64(log.count), streamCount: Int64(streams.count), headPosition: GlobalPosition(Int64(log.count)))
    }

    func waitForEvents(after position: GlobalPosition, timeout: Duration) async throws {
        await signal.wait(after: position, timeout: timeout)
    }
    // DOC-END

    // DOC-BEGIN WritingAStore
    /// Forgets every event, as a server restarted without persistence would.
    func wipe() {
        log = []
        streams = [:]
        eventIndex = [:]
        signal.reset(to: .start)                       // waiters wake, look again, find out
    }
    // DOC-END
}

// DOC-BEGIN WritingAStore
@Test(arguments: StoreContract.checks)
func logStoreContract(_ check: StoreContract.Check) async throws {
    try await check.run { LogEventStore() }
}
// DOC-END

// DOC-BEGIN WritingAStore
/// How a store that talks to a server reports a failed append.
enum AppendFailure: Error {
    case notSent(String)      // the request never left this process
    case replyLost(String)    // the request left; its answer did not come back
}

func storeError(_ failure: AppendFailure, appendingTo stream: StreamID) -> EventStoreError {
    switch failure {
    case .notSent(let message):
        .unavailable("cannot reach the server (\(message)); nothing was written, try again later")
    case .replyLost(let message):
        .inDoubt(stream: stream, message: message)
    }
}
// DOC-END

// DOC-BEGIN WritingAStore
@Test func aWipedStoreIsNoticed() async throws {
    let store = LogEventStore()
    let engine = Engine(store: store, catalog: stockCatalog())
    _ = try await engine.execute(Stock.self, id: "widget", Stock.receive(5))
    var subscription = store.subscribeAll(from: 1).makeAsyncIterator()
    _ = try await subscription.next()

    await store.wipe()

    // The instance expected version 1 and the store says 0: a reset, not a conflict.
    let error = await #expect(throws: CommandError.self) {
        try await engine.execute(Stock.self, id: "widget", Stock.ship(1))
    }
    #expect(error?.kind == "store_reset")
    // The aggregate reloaded from what the store holds now: nothing.
    #expect(try await engine.state(of: Stock.self, id: "widget").state.onHand == 0)

    // A subscription past the new head says so instead of waiting for positions forever.
    await #expect(throws: EventStoreError.storeReset(previousHead: 1, head: 0)) {
        try await subscription.next()
    }
}
// DOC-END
