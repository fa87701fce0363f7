import EventScope
import EventScopeTesting
import Foundation
import GRDB
import EventScopeSQLite
import Testing

@Suite("Store options and listing details")
struct OptionsTests {
    @Test("durability: FULL by default, NORMAL with durable: false, and the name says so")
    func durability() async throws {
        let directory = TemporaryDirectory("sync")
        defer { directory.remove() }
        for (durable, expected) in [(true, 2), (false, 1)] {
            let store = try await SQLiteEventStore.open(path: directory.path("s\(durable).sqlite"), options: .init(durable: durable))
            let level = try await store.database.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
            #expect(level == expected)
            #expect(store.displayName.hasSuffix("?sync=normal") == !durable)
            let mode = try await store.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
            await store.close()
        }
    }

    @Test("contains matches names and event types ignoring case beyond ASCII, as StreamQuery.matches does")
    func unicodeContains() async throws {
        let directory = TemporaryDirectory("contains")
        defer { directory.remove() }
        let store = try await SQLiteEventStore.open(path: directory.path("e.sqlite"))
        _ = try await store.append(StoreContract.events(1, type: "café.ÉTÉ"), to: "account-Ölfass", expected: .any)
        _ = try await store.append(StoreContract.events(1), to: "account-other", expected: .any)
        for needle in ["ölfass", "ÖLFASS", "été", "Café"] {
            let rows = try await store.streams(after: nil, limit: 10, query: StreamQuery(contains: needle))
            #expect(rows.map(\.streamID) == ["account-Ölfass"], "\(needle)")
            let all = try await store.streams(after: nil, limit: 10, query: StreamQuery())
            #expect(rows == all.filter(StreamQuery(contains: needle).matches))
        }
        await store.close()
    }
}
