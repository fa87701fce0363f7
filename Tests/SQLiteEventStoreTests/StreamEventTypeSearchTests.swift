import EventScope
import EventScopeSQLite
import Foundation
import Testing

/// The aggregate filter on an event type matches any event of a stream where the store can
/// search them (SQLite, memory): a stream whose older event has the type is listed, in the
/// listing's order and pages, as the plain listing would list it.
@Suite("Streams by any event's type")
struct StreamEventTypeSearchTests {
    /// account-1: opened, then deposits (its newest is a deposit); account-2: opened only;
    /// counter-1: created, incremented; note-Opened: its id contains the text.
    static func fill(_ store: any EventStore) async throws {
        func append(_ stream: StreamID, _ types: [String]) async throws {
            _ = try await store.append(types.map { ProposedEvent(type: EventType($0), data: Data("{}".utf8)) }, to: stream, expected: .any)
        }
        try await append("account-1", ["account.opened", "money.deposited"])
        try await append("account-2", ["account.opened"])
        try await append("counter-1", ["counter.created", "counter.incremented"])
        try await append("note-Opened", ["note.written"])
        try await append("account-1", ["money.deposited", "money.withdrawn"])
        for i in 0..<30 { try await append(StreamID("bulk-\(i)"), i % 3 == 0 ? ["bulk.OPENED", "bulk.touched"] : ["bulk.touched"]) }
    }

    static func check(_ store: any EventStore & StreamEventTypeSearch) async throws {
        try await fill(store)
        for order in [StreamQuery.Order.recent, .name] {
            let query = StreamQuery(contains: "opened", order: order)
            // The plain listing matches only the id and the newest type: account-1 is not in it.
            let plain = try await store.streams(after: nil, limit: 100, query: query).map(\.streamID)
            #expect(!plain.contains("account-1"))
            // Any event's type: account-1 (opened long ago), account-2, note-Opened (id), bulk-0, 3, …
            var listed: [StreamInfo] = []
            var cursor: StreamCursor?
            while true {
                let page = try await store.streamsWithAnyEventType(after: cursor, limit: 4, query: query)
                listed += page
                guard page.count == 4, let last = page.last else { break }
                cursor = .after(last, order: order)
            }
            let ids = listed.map(\.streamID)
            let expected: Set<StreamID> = Set(["account-1", "account-2", "note-Opened"] + stride(from: 0, to: 30, by: 3).map { StreamID("bulk-\($0)") })
            #expect(Set(ids) == expected, "\(order): \(ids)")
            #expect(ids.count == expected.count, "no stream twice across pages")
            // In the listing's own order: the plain listing of everything, filtered.
            let everything = try await store.streams(after: nil, limit: 1_000, query: StreamQuery(order: order)).map(\.streamID)
            #expect(ids == everything.filter(expected.contains), "\(order)")
        }
        // A category narrows it; no filter text is the plain listing.
        let accounts = try await store.streamsWithAnyEventType(after: nil, limit: 100, query: StreamQuery(category: "account", contains: "opened")).map(\.streamID)
        #expect(Set(accounts) == ["account-1", "account-2"])
        let all = try await store.streamsWithAnyEventType(after: nil, limit: 100, query: StreamQuery())
        #expect(all == (try await store.streams(after: nil, limit: 100, query: StreamQuery())))
        #expect(try await store.streamsWithAnyEventType(after: nil, limit: 100, query: StreamQuery(contains: "nothing-has-this")).isEmpty)
    }

    @Test func sqlite() async throws {
        let dir = TemporaryDirectory("any-type")
        defer { dir.remove() }
        let store = try await SQLiteEventStore.open(path: dir.path("events.sqlite"))
        try await Self.check(store)
        await store.close()
    }

    @Test func memory() async throws {
        try await Self.check(InMemoryEventStore())
    }
}
