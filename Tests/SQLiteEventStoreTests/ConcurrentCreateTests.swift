import EventScope
import EventScopeTesting
import EventScopeSQLite
import Foundation
import Testing

/// Several processes starting on a store file that does not exist yet (two `eventscope demo`
/// runs, an explorer and a `send`) all create and migrate it at once.
///
/// Invariant: every opener succeeds, the file ends with one schema, and an append through each
/// of them lands. Separate `SQLiteEventStore`s are separate connections to the file, as
/// separate processes are; the race is the same.
@Suite("Creating one store file from several openers at once")
struct ConcurrentCreateTests {
    @Test("openers racing on a new file all succeed and all can write")
    func racingOpeners() async throws {
        let directory = TemporaryDirectory("concurrent-create")
        defer { directory.remove() }
        for round in 0..<12 {
            let path = directory.path("race-\(round).sqlite")
            let stores = try await withThrowingTaskGroup(of: SQLiteEventStore.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await SQLiteEventStore.open(path: path) }
                }
                var opened: [SQLiteEventStore] = []
                for try await store in group { opened.append(store) }
                return opened
            }
            for (i, store) in stores.enumerated() {
                _ = try await store.append(StoreContract.events(1), to: StreamID("race-\(i)"), expected: .noStream)
            }
            #expect(try await stores[0].stats().eventCount == Int64(stores.count), "round \(round)")
            for store in stores { await store.close() }
        }
    }
}
