import EventScope
import EventScopeTesting
import Foundation
import GRDB
import EventScopeSQLite
import Testing

/// A store reset under a running process: the file replaced (renamed over, or deleted and
/// created again) or its head gone back (rows deleted by another connection).
///
/// Invariants: the store notices without a restart; a waiter at that moment is told once
/// (`storeReset`), never left sleeping on a head that will not come back and never spinning;
/// reads and appends afterwards work on the file now at the path, and nothing is written to
/// the old one.
@Suite("Store reset")
struct ResetTests {
    enum Reset: String, CaseIterable, CustomTestStringConvertible {
        case renamedOver, deletedAndRecreated, rowsDeleted
        var testDescription: String { rawValue }
    }

    /// Replaces (or rewinds) the store at `path`, whose head is 5, with one whose head is 2:
    /// stream `new-1` at version 2.
    static func reset(_ kind: Reset, store: SQLiteEventStore, path: String, directory: TemporaryDirectory) async throws {
        switch kind {
        case .renamedOver:
            // The old file's WAL stays at PATH-wal: SQLite would read its frames over the new
            // file. Someone replacing a live store must move the WAL away or have it
            // checkpointed first; here the old store checkpoints it.
            try await store.database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            let otherPath = directory.path("other.sqlite")
            let other = try await SQLiteEventStore.open(path: otherPath)
            _ = try await other.append(StoreContract.events(2), to: "new-1", expected: .noStream)
            let copy = directory.path("copy.sqlite")
            try await other.database.writeWithoutTransaction { try $0.execute(sql: "VACUUM INTO ?", arguments: [copy]) }
            await other.close()
            #expect(rename(copy, path) == 0)
        case .deletedAndRecreated:
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            let other = try await SQLiteEventStore.open(path: path)
            _ = try await other.append(StoreContract.events(2), to: "new-1", expected: .noStream)
            await other.close()
        case .rowsDeleted:
            let shell = try DatabaseQueue(path: path)
            try await shell.write { db in
                try db.execute(sql: """
                    DELETE FROM events WHERE position > 2;
                    DELETE FROM streams;
                    UPDATE events SET stream_id = 'new-1';
                    INSERT INTO streams SELECT 'new-1', 'new', 2, 2, recorded_at, type FROM events WHERE position = 2;
                    """)
            }
        }
    }

    @Test("a waiter is told once, then reads and appends use the new file", arguments: Reset.allCases)
    func waiterSeesReset(_ kind: Reset) async throws {
        let directory = TemporaryDirectory("reset")
        defer { directory.remove() }
        let path = directory.path("events.sqlite")
        let store = try await SQLiteEventStore.open(path: path)
        _ = try await store.append(StoreContract.events(5), to: "old-1", expected: .noStream)
        let waiter = Task { try await store.waitForEvents(after: 5, timeout: .seconds(20)) }
        try await Task.sleep(for: .milliseconds(100))
        try await Self.reset(kind, store: store, path: path, directory: directory)

        let started = ContinuousClock.now
        let outcome = await waiter.result
        #expect(ContinuousClock.now - started < .seconds(5), "the waiter slept on")
        // A file created again may be seen empty, before its first events.
        #expect(throws: EventStoreError.self) { try outcome.get() }
        if case .failure(EventStoreError.storeReset(let previous, let head)) = outcome {
            #expect(previous == 5 && head <= 2, "storeReset(\(previous), \(head))")
        } else {
            Issue.record("the waiter got \(outcome), not storeReset")
        }

        #expect(try await store.stats().headPosition == 2)
        #expect(try await store.readAll(from: 1, limit: 10).map(\.streamID) == ["new-1", "new-1"])
        // Waiting past the new head waits (no spinning on the head it had before).
        let clock = ContinuousClock()
        let waitStart = clock.now
        try await store.waitForEvents(after: 2, timeout: .milliseconds(300))
        #expect(clock.now - waitStart >= .milliseconds(250))

        let appended = try await store.append(StoreContract.events(1), to: "new-1", expected: .exact(2))
        #expect(appended.events.map(\.position) == [3])
        await store.close()
        // The append is in the file at the path.
        let fresh = try await SQLiteEventStore.open(path: path)
        #expect(try await fresh.readAll(from: 1, limit: 10).map(\.version) == [1, 2, 3])
        await fresh.close()
    }

    @Test("an append that finds the file replaced fails once with storeReset, then appends go to the new file",
          arguments: [Reset.renamedOver, .deletedAndRecreated])
    func appendSeesReset(_ kind: Reset) async throws {
        let directory = TemporaryDirectory("reset-append")
        defer { directory.remove() }
        let path = directory.path("events.sqlite")
        let store = try await SQLiteEventStore.open(path: path)
        _ = try await store.append(StoreContract.events(5), to: "old-1", expected: .noStream)
        try await Self.reset(kind, store: store, path: path, directory: directory)

        await #expect(throws: EventStoreError.storeReset(previousHead: 5, head: 2)) {
            try await store.append(StoreContract.events(1), to: "old-1", expected: .exact(5))
        }
        await #expect(throws: EventStoreError.wrongExpectedVersion(stream: "old-1", expected: .exact(5), actual: 0)) {
            try await store.append(StoreContract.events(1), to: "old-1", expected: .exact(5))
        }
        let appended = try await store.append(StoreContract.events(1), to: "new-1", expected: .exact(2))
        #expect(appended.events.map(\.position) == [3])
        #expect(try await store.read("new-1", from: 1, limit: 10).map(\.version) == [1, 2, 3])
        await store.close()
    }
}
