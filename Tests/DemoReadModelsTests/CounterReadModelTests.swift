import EventScopeDemo
import EventScopeDemoReadModels
import EventScope
import Foundation
import GRDB
import EventScopeSQLite
import Testing

@Suite("Counters read model")
struct CounterReadModelTests {
    /// Counts derived from the event log itself, up to `position`.
    private func countsFromLog(_ store: any EventStore, upTo position: GlobalPosition = GlobalPosition(Int64.max)) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        var next = GlobalPosition(1)
        while true {
            let page = try await store.readAll(from: next, limit: 500)
            for e in page where e.position <= position && e.streamID.category == "counter" {
                if e.type == CounterCreated.eventType { counts[e.streamID.id, default: 0] += 0 }
                if e.type == CounterIncremented.eventType { counts[e.streamID.id, default: 0] += 1 }
            }
            guard let last = page.last, page.count == 500 else { return counts }
            next = last.position.next
        }
    }

    /// Appends `increments` increments spread over `counters` counters, straight to the store.
    private func seed(_ store: any EventStore, counters: Int, increments: Int) async throws {
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        defer { engine.shutdown() }
        for c in 0..<counters {
            do { _ = try await engine.execute(Counter.self, id: "rm-\(c)", Counter.create) } catch CommandError.refused {}
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for c in 0..<counters {
                group.addTask {
                    for _ in 0..<(increments / counters) {
                        _ = try await engine.execute(Counter.self, id: "rm-\(c)", Counter.increment)
                    }
                }
            }
            try await group.waitForAll()
        }
        // Events of other aggregates are ignored by the model.
        _ = try? await engine.send(command: "open", stream: "account-1", fields: ["owner": "Ada"])
    }

    @Test("stopped mid-stream and restarted, it applies every event exactly once")
    func resumesFromCheckpoint() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rm-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await SQLiteEventStore.open(path: directory.appendingPathComponent("events.sqlite").path)
        try await seed(store, counters: 6, increments: 3_000)
        let head = try await store.stats().headPosition

        // First run, stopped part-way (small pages so there is a middle to stop in).
        let first = HandlerRunner(handler: CounterReadModel.make(database: store.database), store: store, pageSize: 40, catchUpPageSize: 40)
        first.start()
        #expect(await first.waitUntilCaughtUp(to: GlobalPosition(head.value / 3), timeout: .seconds(30)))
        await first.stop()
        let stoppedAt = try await first.handler.checkpoint()
        #expect(stoppedAt > .start && stoppedAt < head, "stopped at \(stoppedAt) of \(head)")
        // The table holds exactly the events up to the checkpoint: the batch and the
        // checkpoint were written together.
        #expect(try await CounterReadModel.counts(in: store.database) == (try await countsFromLog(store, upTo: stoppedAt)))

        // More events arrive while it is stopped; a new runner (as after a restart) resumes.
        try await seed(store, counters: 2, increments: 200)
        let newHead = try await store.stats().headPosition
        let second = HandlerRunner(handler: CounterReadModel.make(database: store.database), store: store, pageSize: 40, catchUpPageSize: 40)
        second.start()
        #expect(await second.waitUntilCaughtUp(to: newHead, timeout: .seconds(30)))
        await second.stop()
        let counts = try await CounterReadModel.counts(in: store.database)
        #expect(counts == (try await countsFromLog(store)))
        #expect(counts["rm-0"] == 500 + 100)
        #expect(try await second.handler.checkpoint() == newHead)
        await store.close()
    }

    @Test("a batch delivered twice is applied once")
    func idempotentBatches() async throws {
        let store = InMemoryEventStore()
        try await seed(store, counters: 2, increments: 20)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rm2-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The model in a file of its own, for an event store that is not SQLite.
        let model = try await CounterReadModel.open(path: directory.appendingPathComponent("counters.sqlite").path)
        let events = try await store.readAll(from: 1, limit: 1_000)
        try await model.handle(Array(events.prefix(10)))
        try await model.handle(Array(events.prefix(10)))
        try await model.handle(events)
        try await model.handle(Array(events.suffix(5)))
        #expect(try await CounterReadModel.counts(in: model.database) == ["rm-0": 10, "rm-1": 10])
        #expect(try await model.checkpoint() == events.last!.position)
    }

    @Test("the counters table is plain SQL next to the events")
    func plainSQL() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rm3-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("events.sqlite").path
        let store = try await SQLiteEventStore.open(path: path)
        try await seed(store, counters: 1, increments: 7)
        let runner = HandlerRunner(handler: CounterReadModel.make(database: store.database), store: store)
        runner.start()
        #expect(await runner.waitUntilCaughtUp(to: try await store.stats().headPosition))
        await runner.stop()
        await store.close()
        // Another connection (as the sqlite3 shell would) reads it.
        let row = try await DatabaseQueue(path: path).read { db -> [Int]? in
            try Row.fetchOne(db, sql: "SELECT count, version FROM counters WHERE counter_id = 'rm-0'").map { [$0[0], $0[1]] }
        }
        #expect(row == [7, 8])
    }
}
