import EventScope
import EventScopeTesting
import Foundation
import EventScopeSQLite
import Testing

/// The seeded torture harness on a real SQLite file, each seed in a child process (an exit
/// test) so that a crash is a failed check. Replay a seed with `EVENTSCOPE_TORTURE_SEED=S`.
@Suite("Torture: SQLite store")
struct TortureSQLiteTests {
    /// Three engines standing for processes, then one alone (no conflict may fail it).
    @Test(arguments: TortureChild.seeds(default: [11, 12]))
    func torture(seed: UInt64) async {
        let directory = TemporaryDirectory("torture")
        defer { directory.remove() }
        let path: String = directory.path("events.sqlite")
        let log: String = TortureChild.logPath()
        let result = await #expect(processExitsWith: .success) { [seed = seed as UInt64, path = path as String, log = log as String] in
            TortureChild.redirect(to: log)
            let store = try await SQLiteEventStore.open(path: path)
            let options = TortureOptions(seed: seed, engines: seed % 2 == 0 ? 1 : 3, clientsPerEngine: 4, budget: .duration(.seconds(3)))
            let report = try await TortureSimulation(options: options).run(on: store)
            await store.close()
            TortureChild.finish(report)
        }
        TortureChild.show(log: log, passed: result != nil)
    }
}
