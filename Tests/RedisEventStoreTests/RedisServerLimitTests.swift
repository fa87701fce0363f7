import EventScope
import Foundation
import EventScopeRedis
import Synchronization
import Testing

@Suite("Redis server limit")
struct RedisServerLimitTests {
    @Test func measuresAppendsPerSecondAndCleansUp() async throws {
        let prefix = "test-limit-\(UUID().uuidString.prefix(8))"
        let perSecond = try await RedisEventStore.serverLimit(RedisStoreURL("\(TestRedis.url)?prefix=\(prefix)"), appending: Self.events(3_000, streams: 100))
        #expect(perSecond > 1_000, "\(perSecond) appends/s")
        let url = try #require(URL(string: TestRedis.url))
        let left = runTool("redis-cli", ["-p", String(url.port ?? 6379), "--scan", "--pattern", "\(prefix)*"]).output
        #expect(left.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "keys left behind: \(left.prefix(200))")
    }

    @Test func survivesTheScriptCacheBeingFlushedMidRun() async throws {
        let server = try PrivateRedisServer(persistent: false)
        try await server.start()
        defer { server.stop() }
        // A thread of its own: `cli` blocks while redis-cli runs, which must not starve the
        // cooperative pool (nor be starved by it when the whole suite runs).
        let stop = Atomic<Bool>(false)
        let flusher = Thread {
            while !stop.load(ordering: .relaxed) {
                server.cli("SCRIPT", "FLUSH")
                usleep(5_000)
            }
        }
        flusher.start()
        let perSecond = try await RedisEventStore.serverLimit(RedisStoreURL(server.url), appending: Self.events(20_000, streams: 50))
        stop.store(true, ordering: .relaxed)
        #expect(perSecond > 1_000)
        #expect(server.cli("INFO", "errorstats").contains("errorstat_NOSCRIPT"), "the cache was never flushed mid-run: the test proved nothing")
        #expect(server.cli("DBSIZE").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    /// `count` small events of a type of the test's own, spread over `streams` streams.
    static func events(_ count: Int, streams: Int) -> [(stream: StreamID, event: ProposedEvent)] {
        (0..<count).map { i in
            (StreamID("limit-\(i % streams)"), ProposedEvent(type: "limit.measured", data: Data("{\"n\":\(i)}".utf8)))
        }
    }
}
