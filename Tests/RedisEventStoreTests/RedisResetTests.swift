import EventScope
import EventScopeTesting
import Foundation
import EventScopeRedis
import Synchronization
import Testing

/// The server's data vanishes under a running store: FLUSHALL, or a restart without
/// persistence. Each test has a private redis-server, so the shared one is never flushed.
@Suite("Redis store reset", .serialized)
struct RedisResetTests {
    /// Invariant: after a flush the store lowers its head (waiters wake and look again), a
    /// caught-up subscriber does not spin, new appends start at position 1 again, and commits
    /// by another process after the flush are seen live.
    @Test func afterAFlushTheHeadIsResetAndTheNewContentsAreSeenLive() async throws {
        let server = try PrivateRedisServer(persistent: false)
        try await server.start()
        defer { server.stop() }
        let store = try await RedisEventStore.open(server.url)
        let other = try await RedisEventStore.open(server.url)
        defer { Task { await store.close(); await other.close() } }
        try await checkReset(store: store, other: other) { server.cli("FLUSHALL") }
    }

    /// The same after a restart of a server without persistence (the script cache is gone too).
    @Test func afterARestartWithoutPersistenceTheHeadIsResetAndTheNewContentsAreSeenLive() async throws {
        let server = try PrivateRedisServer(persistent: false)
        try await server.start()
        defer { server.stop() }
        let store = try await RedisEventStore.open(server.url)
        let other = try await RedisEventStore.open(server.url)
        defer { Task { await store.close(); await other.close() } }
        try await checkReset(store: store, other: other) {
            server.stop()
            blockingRun { try await server.start() }
        }
    }

    private func checkReset(store: RedisEventStore, other: RedisEventStore, reset: @escaping @Sendable () -> Void) async throws {
        for i in 0..<6 { _ = try await store.append(StoreFixtures.events(1), to: StreamID("r-\(i % 2)"), expected: .any) }
        try await store.waitForEvents(after: 5, timeout: .seconds(2))  // starts the head watcher
        #expect(store.knownHead == 6)

        // A subscriber that has delivered everything waits at position 7.
        let counting = CountingStore(base: store)
        let subscriber = Task {
            for try await _ in EventSubscription(store: counting, from: 7, pollInterval: .seconds(1)) {}
        }
        defer { subscriber.cancel() }
        try await Task.sleep(for: .milliseconds(300))

        reset()

        // The watcher notices that P:all went away (or its head went back) and lowers the head.
        let deadline = ContinuousClock.now + .seconds(5)
        while store.knownHead != 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(store.knownHead == 0, "the head signal still says \(store.knownHead) after the reset")

        // Nothing busy-spins: over one second the subscriber reads a handful of times at most.
        let readsBefore = counting.reads
        try await Task.sleep(for: .seconds(1))
        let reads = counting.reads - readsBefore
        #expect(reads <= 5, "the subscriber read \(reads) times in one second")

        // Another process appends to the new contents: positions start at 1 again, and this
        // store's waiters see it live.
        let waiter = Task { () -> Duration in
            let started = ContinuousClock.now
            try await store.waitForEvents(after: 0, timeout: .seconds(5))
            return ContinuousClock.now - started
        }
        try await Task.sleep(for: .milliseconds(100))
        let foreign = try await retryingWhileUnreachable {
            try await other.append(StoreFixtures.events(2), to: "r-0", expected: .noStream)
        }
        #expect(foreign.events.map(\.position) == [1, 2])
        #expect(foreign.events.map(\.version) == [1, 2])
        let waited = try await waiter.value
        #expect(waited < .seconds(3), "a waiter took \(waited) to see a commit after the reset")
        let seen = ContinuousClock.now + .seconds(3)
        while store.knownHead != 2 && ContinuousClock.now < seen { try await Task.sleep(for: .milliseconds(50)) }
        #expect(store.knownHead == 2, "the head watcher did not follow the new contents: head \(store.knownHead)")

        // This store's own appends work on the new contents too.
        let mine = try await retryingWhileUnreachable {
            try await store.append(StoreFixtures.events(1), to: "r-1", expected: .noStream)
        }
        #expect(mine.events.map(\.position) == [3])
        #expect(store.knownHead == 3)
        #expect(try await store.readAll(from: 1, limit: 10).map(\.position) == [1, 2, 3])
        #expect(try await store.stats() == StoreStats(eventCount: 3, streamCount: 2, headPosition: 3))
    }

    /// Invariant: an append that finds the store reset (its position is not past the head this
    /// store knew) lowers the head signal to the new head, so waiters are not left behind.
    @Test func anAppendThatLandsBelowTheKnownHeadResetsTheHead() async throws {
        let server = try PrivateRedisServer(persistent: false)
        try await server.start()
        defer { server.stop() }
        let store = try await RedisEventStore.open(server.url)
        defer { Task { await store.close() } }
        _ = try await store.append(StoreFixtures.events(5), to: "s-1", expected: .any)
        #expect(store.knownHead == 5)
        server.cli("FLUSHALL")
        let result = try await store.append(StoreFixtures.events(2), to: "s-1", expected: .noStream)
        #expect(result.events.map(\.position) == [1, 2])
        #expect(store.knownHead == 2)
    }
}

/// Forwards to a store and counts `readAll` calls (to tell waiting from spinning).
final class CountingStore: EventStoreWrapper {
    let base: any EventStore
    private let count = Atomic<Int>(0)
    init(base: RedisEventStore) { self.base = base }
    var reads: Int { count.load(ordering: .relaxed) }

    func readAll(from position: GlobalPosition, limit: Int) async throws -> [RecordedEvent] {
        count.add(1, ordering: .relaxed)
        return try await base.readAll(from: position, limit: limit)
    }
}
