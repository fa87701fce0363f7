import EventScopeDemoReadModels
import EventScope
import GRDB
import EventScopeSQLite
/// Runs the counters read model (a `counters` table in the store's own file) alongside a
/// `demo`, and checks it against the event log afterwards.
///
/// Several processes may run it on one file at once: each batch re-reads the checkpoint inside
/// its write transaction, so an event applied by one process is skipped by the other.
struct CounterReadModelCheck {
    let store: SQLiteEventStore
    let runner: HandlerRunner

    /// Starts the read model on `store` when it is an SQLite store; `nil` otherwise.
    static func start(on store: any EventStore) -> CounterReadModelCheck? {
        guard let sqlite = store as? SQLiteEventStore else { return nil }
        let runner = HandlerRunner(handler: CounterReadModel.make(database: sqlite.database), store: sqlite)
        runner.start()
        return CounterReadModelCheck(store: sqlite, runner: runner)
    }

    /// What the check found.
    enum Outcome {
        /// The table matches the log up to the model's checkpoint.
        case agrees
        /// These counters' rows differ from the log.
        case disagrees([String])
        /// The model could not catch up (e.g. the disk is full): why.
        case behind(String)
        /// Another process keeps the model (an explorer, `project --follow`) and it did not
        /// catch up meanwhile (e.g. paused there): not checked here.
        case keptElsewhere(String)
    }

    /// Waits (up to `timeout`) for the model to catch up with the head, stops it, and compares
    /// each counter's row with the number of increments in its stream up to the checkpoint.
    func finish(counterIDs: [String], timeout: Duration = .seconds(15)) async throws -> Outcome {
        let head = try await store.stats().headPosition
        let caughtUp = await runner.waitUntilCaughtUp(to: head, timeout: timeout)
        let last = runner.status
        await runner.stop()
        if !caughtUp, last.phase == .standby, let keeper = last.keeper {
            return .keptElsewhere("kept by \(keeper), at #\(last.position.value) of #\(head.value)")
        }
        guard caughtUp else { return .behind(runner.status.lastError ?? "still catching up after \(timeout)") }
        let name = CounterReadModel.name
        let (checkpoint, rows) = try await store.database.read { db -> (Int64, [String: Int]) in
            let checkpoint = try Int64.fetchOne(
                db, sql: "SELECT position FROM \(SQLiteReadModel.checkpointTable) WHERE name = ?", arguments: [name]) ?? 0
            var rows: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT counter_id, count FROM counters") { rows[row[0]] = row[1] }
            return (checkpoint, rows)
        }
        var wrong: [String] = []
        for id in counterIDs {
            let events = try await store.readStream(StreamID(category: "counter", id: id))
            let increments = events.filter { $0.type == "counter.incremented" && $0.position.value <= checkpoint }.count
            if (rows[id] ?? 0) != increments { wrong.append("counter-\(id): table \(rows[id] ?? 0), log \(increments)") }
        }
        return wrong.isEmpty ? .agrees : .disagrees(wrong)
    }
}
