import EventScope
import EventScopeTesting
import Foundation
import EventScopeRedis
import Testing

/// The seeded torture harness on the shared test redis-server (a fresh key prefix per run),
/// each seed in a child process (an exit test) so that a crash is a failed check. Replay a
/// seed with `EVENTSCOPE_TORTURE_SEED=S`.
@Suite("Torture: Redis store")
struct TortureRedisTests {
    /// Three engines standing for processes, then one alone (no conflict may fail it).
    @Test(arguments: TortureChild.seeds(default: [21, 22]))
    func torture(seed: UInt64) async {
        let url: String = TestRedis.freshURL()
        let log: String = TortureChild.logPath()
        let result = await #expect(processExitsWith: .success) { [seed = seed as UInt64, url = url as String, log = log as String] in
            TortureChild.redirect(to: log)
            let store = try await RedisEventStore.open(url)
            let options = TortureOptions(seed: seed, engines: seed % 2 == 0 ? 1 : 3, clientsPerEngine: 4, budget: .duration(.seconds(3)))
            let report = try await TortureSimulation(options: options).run(on: store)
            await store.close()
            TortureChild.finish(report)
        }
        TortureChild.show(log: log, passed: result != nil)
    }
}
