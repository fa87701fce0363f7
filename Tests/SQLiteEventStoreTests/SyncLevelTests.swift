import EventScope
import EventScopeTesting
import Foundation
@testable import EventScopeSQLite
import GRDB
import Synchronization
import Testing

@Suite("How far each commit is synced")
struct SyncLevelTests {
    /// The store's synchronous level as its writer connection has it now (0 OFF, 1 NORMAL, 2 FULL).
    private static func level(_ db: Database) throws -> Int { try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }

    /// Runs `body` on a new store in a scratch directory, closed before the directory goes.
    private static func withStore(durable: Bool = true, _ body: (SQLiteEventStore) async throws -> Void) async throws {
        let directory = TemporaryDirectory("sync-level")
        defer { directory.remove() }
        let store = try await SQLiteEventStore.open(path: directory.path("events.sqlite"), options: .init(durable: durable))
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// A read model in the store's file applies its pages unsynced (the log rebuilds it), and
    /// leaves the connection as it found it: FULL for the appends of a durable store.
    @Test("a read model's page commits with synchronous=NORMAL on a durable store, and the writer is FULL again after it")
    func readModelPagesAreNotSynced() async throws {
        try await Self.withStore { store in
            let seen = Mutex<[Int]>([])
            let model = SQLiteReadModel(
                name: "levels", database: store.database,
                setup: { db in try db.execute(sql: "CREATE TABLE IF NOT EXISTS seen (position INTEGER PRIMARY KEY)") },
                apply: { db, event in
                    try seen.withLock { $0.append(try Self.level(db)) }
                    try db.execute(sql: "INSERT INTO seen (position) VALUES (?)", arguments: [event.position.value])
                })
            let written = try await store.append(StoreContract.events(3), to: "levels-1", expected: .noStream)
            try await model.handle(written.events)

            #expect(seen.withLock { $0 } == [1, 1, 1], "the page was applied with synchronous=NORMAL")
            #expect(try await store.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM seen") } == 3)
            #expect(try await model.checkpoint() == written.events[2].position)
            #expect(try await store.database.writeWithoutTransaction { try Self.level($0) } == 2, "the writer is back to FULL")
        }
    }

    /// Invariant: an append on a durable store commits with synchronous=FULL whatever another
    /// writer on the same connection left behind. Fails if the committer trusted the
    /// connection's level.
    @Test("an append sets FULL again after another writer lowered the connection's level")
    func appendsRestoreFull() async throws {
        try await Self.withStore { store in
            try await store.database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = OFF") }
            #expect(try await store.database.writeWithoutTransaction { try Self.level($0) } == 0)
            _ = try await store.append(StoreContract.events(1), to: "levels-2", expected: .noStream)
            #expect(try await store.database.writeWithoutTransaction { try Self.level($0) } == 2)
        }
    }

    /// A store opened not durable stays NORMAL, and a read model on it does not touch it.
    @Test("a store that is not durable stays NORMAL for its appends and its read models")
    func notDurableStaysNormal() async throws {
        try await Self.withStore(durable: false) { store in
            let model = SQLiteReadModel(
                name: "levels", database: store.database, setup: { _ in }, apply: { _, _ in })
            let written = try await store.append(StoreContract.events(2), to: "levels-3", expected: .noStream)
            try await model.handle(written.events)
            #expect(try await store.database.writeWithoutTransaction { try Self.level($0) } == 1)
        }
    }

    /// In rollback-journal mode NORMAL may corrupt a file on a power loss: a read model whose
    /// database is not in WAL mode keeps the level it was given.
    @Test("a read model in a rollback-journal database keeps its sync level")
    func rollbackJournalKeepsItsLevel() async throws {
        let directory = TemporaryDirectory("sync-level")
        defer { directory.remove() }
        var config = Configuration()
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let queue = try DatabaseQueue(path: directory.path("models.sqlite"), configuration: config)
        #expect(try await queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "delete")
        let seen = Mutex<[Int]>([])
        let model = SQLiteReadModel(
            name: "levels", database: queue, setup: { _ in },
            apply: { db, _ in try seen.withLock { $0.append(try Self.level(db)) } })
        let store = InMemoryEventStore()
        let written = try await store.append(StoreContract.events(2), to: "levels-4", expected: .noStream)
        try await model.handle(written.events)
        #expect(seen.withLock { $0 } == [2, 2])
        #expect(try await queue.writeWithoutTransaction { try Self.level($0) } == 2)
    }
}
