import EventScope
import EventScopeTesting
import Foundation
import GRDB
import EventScopeSQLite
import Testing

/// Every failure a person can meet names the file and says what to do, and loses nothing.
@Suite("Failures are clear")
struct FailureTests {
    private func openError(_ path: String, options: SQLiteEventStore.Options = .init()) async -> EventStoreError? {
        do {
            let store = try await SQLiteEventStore.open(path: path, options: options)
            await store.close()
            return nil
        } catch {
            return error as? EventStoreError
        }
    }

    @Test("a path in a missing directory")
    func missingDirectory() async throws {
        let path = "/nonexistent-\(UUID().uuidString.prefix(6))/events.sqlite"
        let error = try #require(await openError(path))
        guard case .invalid(let message) = error else { Issue.record("got \(error)"); return }
        #expect(message.contains(path) && message.contains("does not exist") && message.contains("mkdir"))
    }

    @Test("a file that is not a database")
    func notADatabase() async throws {
        let directory = TemporaryDirectory("notadb")
        defer { directory.remove() }
        let path = directory.path("notes.txt")
        try Data(String(repeating: "this is not SQLite\n", count: 300).utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(await openError(path))
        guard case .invalid(let message) = error else { Issue.record("got \(error)"); return }
        #expect(message.contains(path) && message.contains("not an SQLite database"))
        // The file is left as it was.
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("this is not SQLite"))
    }

    @Test("an SQLite database of another application")
    func foreignDatabase() async throws {
        let directory = TemporaryDirectory("foreign")
        defer { directory.remove() }
        let path = directory.path("other.sqlite")
        try await DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY)") }
        let error = try #require(await openError(path))
        guard case .invalid(let message) = error else { Issue.record("got \(error)"); return }
        #expect(message.contains("not an EventScope store") && message.contains("invoices"))
    }

    @Test("a database written by a newer EventScope schema is refused, not changed",
          arguments: ["INSERT INTO grdb_migrations VALUES ('v2-from-the-future')", "PRAGMA user_version = 99"])
    func newerSchema(_ change: String) async throws {
        let directory = TemporaryDirectory("newer")
        defer { directory.remove() }
        let path = directory.path("events.sqlite")
        let store = try await SQLiteEventStore.open(path: path)
        _ = try await store.append(StoreContract.events(3), to: "keep-1", expected: .any)
        await store.close()
        try await DatabaseQueue(path: path).write { try $0.execute(sql: change) }

        let error = try #require(await openError(path))
        guard case .invalid(let message) = error else { Issue.record("got \(error)"); return }
        #expect(message.contains(path) && message.contains("newer EventScope") && message.contains("upgrade"))
        let count = try await DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM events") }
        #expect(count == 3)
    }

    @Test("a database locked by another writer beyond the busy timeout")
    func lockedByAnotherWriter() async throws {
        let directory = TemporaryDirectory("locked")
        defer { directory.remove() }
        let path = directory.path("events.sqlite")
        let store = try await SQLiteEventStore.open(path: path, options: .init(busyTimeout: .milliseconds(300)))
        _ = try await store.append(StoreContract.events(1), to: "l-1", expected: .any)

        // Another connection (as another process would) takes the write lock and keeps it.
        let other = try DatabaseQueue(path: path)
        let locked = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        let holder = Task.detached {
            try await other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.continuation.yield()
                // Held on GRDB's queue, off the cooperative pool, until released.
                let semaphore = DispatchSemaphore(value: 0)
                Task { for await _ in release.stream { break }; semaphore.signal() }
                semaphore.wait()
                try db.execute(sql: "ROLLBACK")
            }
        }
        for await _ in locked.stream { break }

        let clock = ContinuousClock()
        let start = clock.now
        await #expect {
            _ = try await store.append(StoreContract.events(1), to: "l-1", expected: .any)
        } throws: { error in
            guard case .unavailable(let message) = error as? EventStoreError else { return false }
            return message.contains(path) && message.contains("locked by another process")
        }
        #expect(clock.now - start >= .milliseconds(250), "gave up before the busy timeout")

        release.continuation.yield()
        try await holder.value
        // Once the lock is gone the store works again, and nothing was half-written.
        _ = try await store.append(StoreContract.events(1), to: "l-1", expected: .exact(1))
        #expect(try await store.readStream("l-1").map(\.version) == [1, 2])
        await store.close()
    }

    @Test("a full disk fails the append with a clear message and writes none of it")
    func diskFull() async throws {
        let directory = TemporaryDirectory("full")
        defer { directory.remove() }
        let path = directory.path("events.sqlite")
        let store = try await SQLiteEventStore.open(path: path)
        _ = try await store.append(StoreContract.events(1), to: "f-1", expected: .any)
        // Simulate a full disk: cap the file at its current size (the writer connection's limit).
        try await store.database.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
            try db.execute(sql: "PRAGMA max_page_count = \(pages + 2)")
        }
        let big = ProposedEvent(type: "blob.stored", data: Data("\"\(String(repeating: "x", count: 200_000))\"".utf8))
        await #expect {
            _ = try await store.append([big], to: "f-1", expected: .exact(1))
        } throws: { error in
            guard case .unavailable(let message) = error as? EventStoreError else { return false }
            return message.contains(path) && message.contains("full") && message.contains("free some space")
        }
        #expect(try await store.stats().eventCount == 1)
        // After space is freed the same append goes through.
        try await store.database.write { try $0.execute(sql: "PRAGMA max_page_count = 1073741823") }
        _ = try await store.append([big], to: "f-1", expected: .exact(1))
        #expect(try await store.currentVersion(of: "f-1") == 2)
        await store.close()
    }
}
