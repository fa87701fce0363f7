import EventSourcing
import Foundation
import RedisEventStore
import Testing

@Suite("Redis server limit")
struct RedisServerLimitTests {
    @Test func measuresAppendsPerSecondAndCleansUp() async throws {
        let prefix = "test-limit-\(UUID().uuidString.prefix(8))"
        let perSecond = try await RedisEventStore.serverLimit("\(TestRedis.url)?prefix=\(prefix)", events: 3_000, streams: 100)
        #expect(perSecond > 1_000, "\(perSecond) appends/s")
        let url = try #require(URL(string: TestRedis.url))
        let left = runTool("redis-cli", ["-p", String(url.port ?? 6379), "--scan", "--pattern", "\(prefix)*"]).output
        #expect(left.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "keys left behind: \(left.prefix(200))")
    }
}
