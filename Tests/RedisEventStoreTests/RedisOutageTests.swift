import EventScope
import EventScopeTesting
import Foundation
import EventScopeRedis
import Testing

/// The server goes away and comes back; replies get lost. Nothing is duplicated or lost.
@Suite("Redis outages", .serialized)
struct RedisOutageTests {
    @Test func whileTheServerIsDownCallsFailFastThenTheStoreReconnects() async throws {
        let server = try PrivateRedisServer()
        try await server.start()
        defer { server.stop() }
        let store = try await RedisEventStore.open(server.url)
        defer { Task { await store.close() } }

        let subscription = Task {
            var positions: [Int64] = []
            for try await event in store.subscribeAll(from: 1) {
                positions.append(event.position.value)
                if positions.count == 21 { break }
            }
            return positions
        }
        for i in 0..<10 { _ = try await store.append(StoreFixtures.events(1), to: StreamID("up-\(i % 3)"), expected: .any) }

        server.stop()
        let clock = ContinuousClock()
        for _ in 0..<3 {
            let started = clock.now
            let error = await #expect(throws: EventStoreError.self) {
                try await store.append(StoreFixtures.events(1), to: "up-0", expected: .any)
            }
            #expect(clock.now - started < .seconds(1), "an append took \(clock.now - started) to fail")
            guard case .unavailable(let message) = error else { Issue.record("got \(String(describing: error))"); continue }
            #expect(message.contains("Redis at 127.0.0.1:\(server.port) is unreachable"))
        }
        await #expect(throws: EventStoreError.self) { try await store.stats() }

        try await server.start()
        // The store reconnects by itself (after its backoff); appends made while it was down
        // failed cleanly and wrote nothing.
        let deadline = clock.now + .seconds(10)
        var landed = false
        while !landed && clock.now < deadline {
            do {
                _ = try await store.append(StoreFixtures.events(1), to: "up-0", expected: .any)
                landed = true
            } catch EventStoreError.unavailable {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(landed, "no append succeeded within 10 s of the server's return")
        for i in 0..<10 { _ = try await store.append(StoreFixtures.events(1), to: StreamID("up-\(i % 3)"), expected: .any) }

        // The subscription waited out the outage and resumed where it was.
        let positions = try await withTimeout(.seconds(20)) { try await subscription.value }
        #expect(positions == Array(1...21))
        #expect(try await store.stats() == StoreStats(eventCount: 21, streamCount: 3, headPosition: 21))
    }

    @Test func anAppendWhoseReplyIsLostIsRetriedAndLandsOnce() async throws {
        let upstream = try #require(URL(string: TestRedis.url)?.port)
        let proxy = try ReplyCuttingProxy(upstreamPort: upstream)
        let prefix = "test-lost-\(UUID().uuidString.prefix(8))"
        let store = try await RedisEventStore.open("\(proxy.url)?prefix=\(prefix)&connections=1")
        defer { Task { await store.close() } }
        _ = try await store.append(StoreFixtures.events(1), to: "pay-1", expected: .noStream)

        proxy.cutNextReply()
        let batch = StoreFixtures.events(3)
        let result = try await store.append(batch, to: "pay-1", expected: .exact(1))
        #expect(proxy.cutCount == 1, "the reply was not cut, so the test proved nothing")
        #expect(result.events.map(\.eventID) == batch.map(\.eventID))
        #expect(result.events.map(\.version) == [2, 3, 4])
        #expect(result.version == 4)

        // Seen from a second store that never went through the proxy: each event once.
        let direct = try await RedisEventStore.open("\(TestRedis.url)?prefix=\(prefix)")
        defer { Task { await direct.close() } }
        let all = try await direct.readAll(from: 1, limit: 100)
        #expect(all.map(\.position.value) == [1, 2, 3, 4])
        #expect(Array(all.dropFirst().map(\.eventID)) == batch.map(\.eventID))
        #expect(try await direct.stats().eventCount == 4)
    }

    @Test func appendsInFlightWhenTheServerStopsLandExactlyOnce() async throws {
        let server = try PrivateRedisServer()
        try await server.start()
        defer { server.stop() }
        let store = try await RedisEventStore.open(server.url)
        defer { Task { await store.close() } }

        // 16 writers append without pause; the server goes away under them and comes back.
        let stop = Task { () -> Void in
            try await Task.sleep(for: .milliseconds(300))
            server.stop()
            try await Task.sleep(for: .milliseconds(700))
            try await server.start()
        }
        let outcomes = try await withThrowingTaskGroup(of: (ok: Int, failed: Int, slowest: Duration).self) { group in
            for w in 0..<16 {
                group.addTask {
                    var ok = 0
                    var failed = 0
                    var slowest = Duration.zero
                    let until = ContinuousClock.now + .seconds(2)
                    while ContinuousClock.now < until {
                        let started = ContinuousClock.now
                        do {
                            _ = try await store.append(StoreFixtures.events(1), to: StreamID("w-\(w % 4)"), expected: .any)
                            ok += 1
                        } catch EventStoreError.unavailable {
                            failed += 1
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        slowest = max(slowest, ContinuousClock.now - started)
                    }
                    return (ok, failed, slowest)
                }
            }
            return try await group.reduce(into: [(ok: Int, failed: Int, slowest: Duration)]()) { $0.append($1) }
        }
        try await stop.value
        let acknowledged = outcomes.reduce(0) { $0 + $1.ok }
        let failed = outcomes.reduce(0) { $0 + $1.failed }
        // Appends sent before the stop wait until the server is back (their outcome is unknown
        // until then); appends begun during the outage fail at once.
        let slowest = outcomes.map(\.slowest).max() ?? .zero
        #expect(failed > 0 || slowest >= .milliseconds(500), "no append met the outage: the test proved nothing")
        // Every acknowledged append is stored once; no failed one slipped in; positions are gap-free.
        // (The pool may still be backing off after a connect that met the server loading.)
        let stats = try await retryingWhileUnreachable { try await store.stats() }
        #expect(stats.eventCount == Int64(acknowledged), "\(acknowledged) acknowledged, \(stats.eventCount) stored, \(failed) failed")
        #expect(stats.headPosition.value == stats.eventCount)
        var versions = 0
        for s in 0..<4 { versions += Int(try await retryingWhileUnreachable { try await store.currentVersion(of: StreamID("w-\(s)")) }.value) }
        #expect(versions == acknowledged)
    }
}
