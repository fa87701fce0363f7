import EventScope
import Foundation
import Synchronization

/// An ``EventStore`` over another whose appends and reads can be delayed, preceded by
/// another writer's events, or made to fail — one call at a time, as a test scripts it.
final class HookedStore: EventStore {
    /// What to do around one append call (the `n`th, 1-based).
    struct AppendPlan: Sendable {
        var delay: Duration = .zero
        /// Appended by "another process" just before this call.
        var foreign: [(StreamID, ProposedEvent)] = []
        /// Commit, then throw this instead of answering.
        var afterCommit: EventStoreError?
        /// Throw this without writing.
        var instead: EventStoreError?
        /// Commit, then answer as an idempotent retry would after these foreign events:
        /// with the stream's version *now*.
        var foreignAfterCommit: [(StreamID, ProposedEvent)] = []
        /// Throw `inDoubt` at once, and commit this much later: a request still on its way
        /// to a server when the connection was cut.
        var landsAfter: Duration?
    }

    private struct State {
        var inner: any EventStore
        var appendCalls = 0
        var plans: [Int: AppendPlan] = [:]
        var defaultDelay: Duration = .zero
        var failReads = false
    }
    private let state: Mutex<State>

    init(_ inner: any EventStore = InMemoryEventStore()) {
        state = Mutex(State(inner: inner))
    }

    var inner: any EventStore { state.withLock { $0.inner } }
    var appendCalls: Int { state.withLock { $0.appendCalls } }

    /// Plans what the `n`th append call (counting from 1) does.
    func plan(append n: Int, _ plan: AppendPlan) { state.withLock { $0.plans[n] = plan } }
    /// Every append waits this long first (unless its plan says otherwise).
    func setDelay(_ d: Duration) { state.withLock { $0.defaultDelay = d } }
    func setFailReads(_ on: Bool) { state.withLock { $0.failReads = on } }
    /// Replaces the whole store with an empty one (a Redis restart without persistence).
    func reset() { state.withLock { $0.inner = InMemoryEventStore() } }

    var displayName: String { "hooked:" }

    func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion) async throws -> AppendResult {
        let (plan, inner, delay) = state.withLock { s -> (AppendPlan?, any EventStore, Duration) in
            s.appendCalls += 1
            return (s.plans[s.appendCalls], s.inner, s.defaultDelay)
        }
        let wait = plan?.delay ?? delay
        if wait > .zero { try await Task.sleep(for: wait) }
        for (s, e) in plan?.foreign ?? [] { _ = try await inner.append([e], to: s, expected: .any) }
        if let error = plan?.instead { throw error }
        if let later = plan?.landsAfter {
            Task {
                try? await Task.sleep(for: later)
                _ = try? await inner.append(events, to: stream, expected: expected)
            }
            throw EventStoreError.inDoubt(stream: stream, message: "the connection was cut with the append on its way (test)")
        }
        let result = try await inner.append(events, to: stream, expected: expected)
        if let error = plan?.afterCommit { throw error }
        if let foreign = plan?.foreignAfterCommit, !foreign.isEmpty {
            for (s, e) in foreign { _ = try await inner.append([e], to: s, expected: .any) }
            let now = try await inner.currentVersion(of: stream)
            return AppendResult(streamID: stream, version: now, events: result.events)
        }
        return result
    }

    private func reader() throws -> any EventStore {
        try state.withLock { s in
            if s.failReads { throw EventStoreError.unavailable("reads are down (test)") }
            return s.inner
        }
    }

    func read(_ stream: StreamID, from version: StreamVersion, limit: Int) async throws -> [RecordedEvent] {
        try await reader().read(stream, from: version, limit: limit)
    }
    func readBackward(_ stream: StreamID, from version: StreamVersion?, limit: Int) async throws -> [RecordedEvent] {
        try await reader().readBackward(stream, from: version, limit: limit)
    }
    func readAll(from position: GlobalPosition, limit: Int) async throws -> [RecordedEvent] {
        try await reader().readAll(from: position, limit: limit)
    }
    func readAllBackward(from position: GlobalPosition?, limit: Int) async throws -> [RecordedEvent] {
        try await reader().readAllBackward(from: position, limit: limit)
    }
    func streams(after cursor: StreamCursor?, limit: Int, query: StreamQuery) async throws -> [StreamInfo] {
        try await reader().streams(after: cursor, limit: limit, query: query)
    }
    func streamInfo(_ stream: StreamID) async throws -> StreamInfo? { try await reader().streamInfo(stream) }
    func stats() async throws -> StoreStats { try await reader().stats() }
    func waitForEvents(after position: GlobalPosition, timeout: Duration) async throws {
        try await inner.waitForEvents(after: position, timeout: timeout)
    }
}
