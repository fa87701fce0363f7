import EventScope
import EventScopeDemo
@testable import EventScopeDemoReadModels
import EventScopeSQLite
import Foundation
import GRDB
import Testing

/// The counters read model applies a page at once (folded per counter): it must leave the
/// table as one event at a time would, and a page it cannot apply must still stop the handler
/// at the very event that fails.
@Suite("Counters read model, a page at a time")
struct CounterBatchTests {
    /// Interleaved counters (created, then increments) with account events in between.
    private func log() async throws -> InMemoryEventStore {
        let store = InMemoryEventStore()
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        defer { engine.shutdown() }
        for c in 0..<7 { _ = try await engine.execute(Counter.self, id: "b\(c)", Counter.create) }
        _ = try await engine.send(command: "open", stream: "account-1", fields: ["owner": "Ada"])
        for i in 0..<300 {
            _ = try await engine.execute(Counter.self, id: "b\(i * 7 % 11 % 7)", Counter.increment)
            if i % 50 == 0 { _ = try await engine.send(command: "deposit", stream: "account-1", fields: ["amount": "1"]) }
        }
        // A counter created late, after others have moved on.
        _ = try await engine.execute(Counter.self, id: "late", Counter.create)
        _ = try await engine.execute(Counter.self, id: "late", Counter.increment)
        return store
    }

    private func table(_ db: any DatabaseWriter) async throws -> [String] {
        try await db.read { db in try Row.fetchAll(db, sql: "SELECT counter_id, count, version FROM counters ORDER BY counter_id").map { "\($0[0] as String) \($0[1] as Int64) \($0[2] as Int64)" } }
    }

    @Test("pages of any size, some handed twice, leave the table one event at a time leaves")
    func sameTableAsOneByOne() async throws {
        let store = try await log()
        let events = try await store.readAll(from: 1, limit: 10_000)
        let oneByOne = SQLiteReadModel(name: "counters", database: try DatabaseQueue(), tables: ["counters"], setup: CounterReadModel.setup, apply: CounterReadModel.apply)
        for e in events { try await oneByOne.handle([e]) }
        for pageSize in [1, 3, 64, 1_000] {
            let batched = CounterReadModel.make(database: try DatabaseQueue())
            var start = 0
            while start < events.count {
                let page = Array(events[start..<min(events.count, start + pageSize)])
                try await batched.handle(page)
                // Handed again (as after a restart): applied once.
                try await batched.handle(page)
                start += pageSize
            }
            #expect(try await table(batched.database) == (try await table(oneByOne.database)), "pages of \(pageSize)")
            #expect(try await batched.checkpoint() == events.last!.position)
        }
        let rows = try await table(oneByOne.database)
        #expect(rows.contains("late 1 2"))
        #expect(rows.count == 8)
    }

    @Test("a page it cannot apply stops the handler at the first counter event, after the events before it")
    func failingPageStopsAtTheEvent() async throws {
        let store = InMemoryEventStore()
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        defer { engine.shutdown() }
        _ = try await engine.execute(Counter.self, id: "x", Counter.create)
        let database = try DatabaseQueue()
        let model = CounterReadModel.make(database: database)
        let runner = HandlerRunner(handler: model, store: store, pageSize: 256)
        runner.start()
        #expect(await runner.waitUntilCaughtUp(to: 1))
        runner.control(.pause)
        #expect(await runner.wait { $0.phase == .paused })
        // Break the model, then write a page: an account event (nothing to apply), then counter events.
        try await database.write { db in try db.execute(sql: "DROP TABLE counters") }
        _ = try await engine.send(command: "open", stream: "account-1", fields: ["owner": "Ada"])
        _ = try await engine.execute(Counter.self, id: "x", Counter.increment)
        _ = try await engine.execute(Counter.self, id: "x", Counter.increment)
        runner.control(.resume)
        #expect(await runner.wait { $0.phase == .failed })
        #expect(runner.status.failure?.position == 3)
        #expect(runner.status.failure?.eventType == CounterIncremented.eventType)
        #expect(runner.status.failure?.message.contains("no such table") == true)
        #expect(try await model.checkpoint() == 2)
        // Mended, retried: every event applied once.
        try await database.write { db in try CounterReadModel.setup(db) }
        runner.control(.retry)
        #expect(await runner.waitUntilCaughtUp(to: 4))
        await runner.stop()
        let rows = try await table(database)
        #expect(rows == ["x 2 3"], "\(rows)")
    }

    @Test("the check holds part-way through the log (the model behind the store) and catches a wrong count or version")
    func checkWhileBehind() async throws {
        let store = try await log()
        let events = try await store.readAll(from: 1, limit: 10_000)
        let database = try DatabaseQueue()
        let model = CountersReadModel(database: database)
        try await model.handle(Array(events.prefix(events.count / 2)))
        var rows = try await model.rows(limit: 100)
        let check = try #require(try await model.check(rows, against: store))
        #expect(check.passed, "\(check)")
        #expect(check.summary.contains("up to #\(events[events.count / 2 - 1].position.value)"))
        // A count off by one, then a version that is not the stream's at the checkpoint.
        let i = try #require(rows.firstIndex { ($0.version?.value ?? 0) > 2 })
        rows[i].cells[1] = String(Int(rows[i].cells[1])! + 1)
        #expect(try await model.check(rows, against: store)?.passed == false)
        rows[i].cells[1] = String(Int(rows[i].cells[1])! - 1)
        rows[i].version = StreamVersion(rows[i].version!.value - 1)
        let wrong = try #require(try await model.check(rows, against: store))
        #expect(!wrong.passed)
        #expect(wrong.problems.count == 1)
    }
}
