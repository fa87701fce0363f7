import EventScope
import EventScopeTesting
import Foundation
import Testing

@testable import EventScopeRedis

/// Pages read ahead of a reader going through history (``ReadAhead``) are fetched before the
/// reader asks: these tests change the store between the fetch and the ask.
@Suite("Redis read-ahead")
struct RedisReadAheadTests {
    /// Invariant: a reader paging through `$all` and a stream gets exactly what a fresh read
    /// returns, and a page that reaches the end of history includes every event committed
    /// before the call (a page read ahead while the tail was shorter is not used).
    @Test func pagesReadAheadAreWhatAFreshReadReturnsAndTheTailIsFresh() async throws {
        let store = try await TestRedis.freshStore()
        defer { Task { _ = try? await store.deleteAll(); await store.close() } }
        for i in 0..<25 { _ = try await store.append(StoreFixtures.events(40), to: StreamID("ra-\(i % 2)"), expected: .any) }

        // $all in pages of 100: 1,000 events, then a page at the tail.
        var all: [RecordedEvent] = []
        var next = GlobalPosition(1)
        for _ in 0..<10 {
            let page = try await store.readAll(from: next, limit: 100)
            all += page
            next = GlobalPosition(page.last!.position.value + 1)
        }
        #expect(store.readAhead.count > 0, "nothing was read ahead")
        #expect(all.map(\.position.value) == Array(1...1000))
        let fresh = try await RedisEventStore.open(store.url.url)
        defer { Task { await fresh.close() } }
        #expect(all == (try await fresh.readAll(from: 1, limit: 1000)))

        // Events committed after the pages beyond the tail were fetched are in the next read.
        _ = try await store.append(StoreFixtures.events(150), to: "ra-tail", expected: .noStream)
        let tail = try await store.readAll(from: next, limit: 100)
        #expect(tail.map(\.position.value) == Array(1001...1100))
        let rest = try await store.readAll(from: 1101, limit: 100)
        #expect(rest.map(\.position.value) == Array(1101...1150))

        // A stream (520 events) in pages of 100, then at its end after more appends.
        var stream: [RecordedEvent] = []
        for v in stride(from: 1, through: 401, by: 100) { stream += try await store.read("ra-0", from: StreamVersion(Int64(v)), limit: 100) }
        #expect(stream.map(\.version.value) == Array(1...500))
        #expect(stream == (try await fresh.read("ra-0", from: 1, limit: 500)))
        // 520 events so far; the page from 501 was read ahead while it held 20.
        _ = try await store.append(StoreFixtures.events(30), to: "ra-0", expected: .exact(520))
        #expect(try await store.read("ra-0", from: 501, limit: 100).map(\.version.value) == Array(501...550))
    }

    /// Invariant: a reader never gets events the store no longer holds. Another process empties
    /// the store and writes different events after pages were read ahead; the next read returns
    /// the new events (the read-ahead pages fail their check), never the old ones.
    @Test func pagesReadAheadOfAStoreEmptiedSinceAreNotUsed() async throws {
        let url = TestRedis.freshURL()
        let store = try await RedisEventStore.open(url)
        let other = try await RedisEventStore.open(url)
        defer { Task { _ = try? await other.deleteAll(); await store.close(); await other.close() } }
        _ = try await store.append(StoreFixtures.events(600), to: "old", expected: .noStream)
        _ = try await store.read("old", from: 1, limit: 100)
        _ = try await store.readAll(from: 1, limit: 100)
        // Let the pages read ahead arrive.
        try await Task.sleep(for: .milliseconds(300))
        #expect(store.readAhead.count > 0, "nothing was read ahead")

        _ = try await other.deleteAll()
        _ = try await other.append(StoreFixtures.events(600, type: "test.new"), to: "new", expected: .noStream)

        let page = try await store.readAll(from: 101, limit: 100)
        #expect(page.map(\.position.value) == Array(101...200))
        #expect(page.allSatisfy { $0.streamID == "new" && $0.type == "test.new" }, "old events came back: \(page.first.map { "\($0.streamID)" } ?? "")")
        #expect(try await store.read("old", from: 101, limit: 100).isEmpty)
    }
}
