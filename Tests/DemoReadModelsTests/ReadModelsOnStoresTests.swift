import EventScopeDemo
import EventScopeDemoReadModels
import EventScope
import Foundation
import GRDB
import EventScopeRedis
import EventScopeSQLite
import Testing

/// The demo's read models (counters, accounts) on every store: SQLite (in the store's own
/// file), Redis and memory (in a read-model file of their own).
@Suite("Read models on every store")
struct ReadModelsOnStoresTests {
    static let stores = ["memory", "sqlite", "redis"]

    /// A store of `kind` and the database its read models live in (a Redis store under a
    /// fresh `prefix-…` key prefix).
    static func open(_ kind: String, in directory: URL, redisPrefix prefix: String = "rm") async throws -> (any EventStore, any DatabaseWriter) {
        switch kind {
        case "sqlite":
            let store = try await SQLiteEventStore.open(path: directory.appendingPathComponent("events.sqlite").path)
            return (store, store.database)
        case "redis":
            let store = try await RedisEventStore.open("\(Self.redisURL)?prefix=\(prefix)-\(UUID().uuidString.prefix(8))")
            return (store, try await SQLiteReadModel.openDatabase(path: directory.appendingPathComponent("read-models.sqlite").path))
        default:
            return (InMemoryEventStore(), try await SQLiteReadModel.openDatabase(path: directory.appendingPathComponent("read-models.sqlite").path))
        }
    }

    static let redisURL: String = {
        if let url = ProcessInfo.processInfo.environment["EVENTSCOPE_TEST_REDIS_URL"], !url.isEmpty { return url }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/redis-test-server.sh").path
        for arguments in [["start"], ["url"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: script)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            try? process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if arguments == ["url"] { return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        return ""
    }()

    /// A fresh scratch directory named `label-…`.
    static func temporaryDirectory(_ label: String = "rm-stores") throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("counters and accounts catch up, follow live, pass their checks and say what they hold for an aggregate", arguments: stores)
    func bothReadModels(kind: String) async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, database) = try await Self.open(kind, in: directory)
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        for line in ["create counter-a", "increment counter-a", "increment counter-a", "create counter-b",
                     "open account-ada owner=Ada", "deposit account-ada amount=120", "withdraw account-ada amount=20"] {
            let parsed = try CommandCatalog.parse(line)
            _ = try await engine.send(command: parsed.name, stream: parsed.stream, fields: parsed.fields)
        }
        let runners = ReadModelRunners(DemoProjections.make(database: database, engine: engine), store: store)
        runners.start()
        let head = try await store.stats().headPosition
        for runner in runners.runners { #expect(await runner.waitUntilCaughtUp(to: head)) }
        // Live: one more of each.
        _ = try await engine.send(command: "increment", stream: "counter-b", fields: [:])
        _ = try await engine.send(command: "deposit", stream: "account-ada", fields: ["amount": "5"])
        let live = try await store.stats().headPosition
        for runner in runners.runners { #expect(await runner.waitUntilCaughtUp(to: live)) }

        let counters = try #require(runners.model(named: "counters"))
        let rows = try await counters.rows(limit: 10)
        #expect(rows.map(\.cells) == [["a", "2", "3"], ["b", "1", "2"]])
        let check = try #require(try await counters.check(rows, against: store))
        #expect(check.passed, "\(check)")
        #expect(check.summary.contains("Σ count 3 = 3 increments"))

        let accounts = try #require(runners.model(named: "accounts"))
        let ada = try await accounts.rows(of: "account-ada")
        #expect(ada.first?.cells[0...4] == ["ada", "Ada", "105", "open", "4"])
        #expect(ada.first?.version == 4)
        let accountCheck = try #require(try await accounts.check(try await accounts.rows(limit: 10), against: store))
        #expect(accountCheck.passed, "\(accountCheck)")
        #expect(try await accounts.rows(of: "counter-a").isEmpty)

        // A row that lies is caught by the check.
        try await database.write { db in try db.execute(sql: "UPDATE counters SET count = count + 1 WHERE counter_id = 'a'") }
        let lying = try #require(try await counters.check(try await counters.rows(limit: 10), against: store))
        #expect(!lying.passed)
        #expect(lying.problems.first?.contains("counter-a") == true)

        await runners.stop()
        engine.shutdown()
        if let redis = store as? RedisEventStore { _ = try? await redis.deleteAll() }
        await store.close()
    }

    @Test("an SQLite read model stops at an event its apply throws on; skip records it in read_model_skips; rebuild applies it again")
    func failingReadModelOnSQLite() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await SQLiteEventStore.open(path: directory.appendingPathComponent("events.sqlite").path)
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        defer { engine.shutdown() }
        _ = try await engine.send(command: "open", stream: "account-ada", fields: ["owner": "Ada"])
        _ = try await engine.send(command: "deposit", stream: "account-ada", fields: ["amount": "10"])
        let accounts = AccountsReadModel(database: store.database)
        let runner = HandlerRunner(handler: accounts, store: store)
        runner.start()
        #expect(await runner.waitUntilCaughtUp(to: 2))
        // Break the read model: its table goes away, so the next account event cannot be applied.
        try await store.database.write { db in try db.execute(sql: "DROP TABLE accounts") }
        _ = try await engine.send(command: "deposit", stream: "account-ada", fields: ["amount": "5"])
        _ = try await engine.send(command: "create", stream: "counter-1", fields: [:])
        #expect(await runner.wait { $0.phase == .failed })
        #expect(runner.status.failure?.position == 3)
        #expect(runner.status.failure?.eventType == "account.deposited")
        #expect(runner.status.failure?.message.contains("no such table") == true)
        // The failure is recorded in the lease, for `eventscope handlers` in another process.
        try await Task.sleep(for: .milliseconds(1_200))
        let lease = try await accounts.recordedLease()
        #expect(lease?.phase == .failed)
        #expect(lease?.failure?.position == 3)

        runner.control(.skip)
        #expect(await runner.waitUntilCaughtUp(to: 4))
        let skips = try await store.database.read { db in try Row.fetchAll(db, sql: "SELECT position, event_type FROM read_model_skips WHERE name = 'accounts'") }
        #expect(skips.map { $0[0] as Int64 } == [3])
        #expect(try await accounts.skipped().map(\.eventType) == ["account.deposited"])

        // Rebuild: the table is created again (the next prepare), every event applied, the skip forgotten.
        try await store.database.write { db in try db.execute(sql: "CREATE TABLE accounts (account_id TEXT PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER NOT NULL, status TEXT NOT NULL, version INTEGER NOT NULL, last_change TEXT NOT NULL)") }
        runner.control(.rebuild)
        var balance: String?
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, balance != "15" {
            balance = try await accounts.rows(of: "account-ada").first?.cells[2]
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(balance == "15")
        #expect(try await accounts.skipped().isEmpty)
        #expect(runner.status.position == 4)
        await runner.stop()
        await store.close()
    }
}
