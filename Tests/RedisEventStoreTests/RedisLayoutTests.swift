import EventScope
import Foundation
import EventScopeRedis
import Testing

/// What a person sees with `redis-cli`: the documented keys, each event's JSON as is.
@Suite("Redis key layout")
struct RedisLayoutTests {
    private func cli(_ arguments: String...) -> String {
        let url = URL(string: TestRedis.url)!
        return runTool("redis-cli", ["-h", url.host ?? "127.0.0.1", "-p", String(url.port ?? 6379)] + arguments).output
    }

    @Test func eventsAreReadableWithRedisCLI() async throws {
        let store = try await TestRedis.freshStore()
        defer { Task { await store.close() } }
        let p = store.keyPrefix
        let event = ProposedEvent(type: "counter.incremented", data: Data(#"{"count":7}"#.utf8))
        _ = try await store.append([ProposedEvent(type: "counter.created", data: Data("{}".utf8)), event], to: "counter-9", expected: .noStream)

        let entry = cli("XRANGE", "\(p):all", "2-0", "2-0")
        #expect(entry.contains(#"{"count":7}"#))
        #expect(entry.contains("counter.incremented"))
        #expect(entry.contains(event.eventID.uuidString))
        #expect(cli("GET", "\(p):head").trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        #expect(cli("LRANGE", "\(p):stream:counter-9", "0", "-1").split(separator: "\n") == ["1", "2"])
        #expect(cli("HGET", "\(p):event-ids", event.eventID.uuidString).contains("2"))
        let info = cli("HGETALL", "\(p):stream-info:counter-9")
        for field in ["category", "counter", "version", "last_position", "last_type", "counter.incremented", "last_updated"] {
            #expect(info.contains(field))
        }
        #expect(cli("ZRANGE", "\(p):streams-by-name", "0", "-1").contains("counter-9"))
        #expect(cli("ZRANGE", "\(p):category-by-recent:counter", "0", "-1").contains("counter-9"))
        #expect(store.displayName.contains("prefix=\(p)"))
    }

    @Test func anAppendAfterTheScriptCacheIsFlushedStillWorks() async throws {
        // A private server: flushing the shared one's script cache would disturb other tests.
        let server = try PrivateRedisServer(persistent: false)
        try await server.start()
        defer { server.stop() }
        let store = try await RedisEventStore.open(server.url)
        defer { Task { await store.close() } }
        _ = try await store.append(StoreFixtures.events(2), to: "s-1", expected: .noStream)
        #expect(server.cli("SCRIPT", "FLUSH").contains("OK"))
        let result = try await store.append(StoreFixtures.events(1), to: "s-1", expected: .exact(2))
        #expect(result.version == 3)
        #expect(try await store.stats().eventCount == 3)
    }

    @Test func streamNamesWithSpacesColonsAndUnicodeRoundTrip() async throws {
        let store = try await TestRedis.freshStore()
        defer { Task { await store.close() } }
        let names: [StreamID] = ["note-a b", "note-x:y", "note-日本", "plain"]
        for name in names { _ = try await store.append(StoreFixtures.events(1), to: name, expected: .noStream) }
        for name in names { #expect(try await store.read(name, from: 1, limit: 5).map(\.streamID) == [name]) }
        let byName = try await store.streams(after: nil, limit: 10, query: StreamQuery(category: "note", order: .name))
        #expect(Set(byName.map(\.streamID)) == ["note-a b", "note-x:y", "note-日本"])
        #expect(try await store.streamInfo("plain")?.category == "plain")
    }
}

extension RedisLayoutTests {
    @Test func deleteAllRemovesOnlyItsOwnPrefixEvenWithGlobCharacters() async throws {
        let base = "test-glob-\(UUID().uuidString.prefix(8))"
        let globby = try await RedisEventStore.open("\(TestRedis.url)?prefix=\(base)*")
        let neighbour = try await RedisEventStore.open("\(TestRedis.url)?prefix=\(base)x")
        defer { Task { await globby.close(); await neighbour.close() } }
        _ = try await globby.append(StoreFixtures.events(3), to: "a-1", expected: .any)
        _ = try await neighbour.append(StoreFixtures.events(2), to: "a-1", expected: .any)
        #expect(try await globby.deleteAll() > 0)
        #expect(try await globby.stats() == StoreStats(eventCount: 0, streamCount: 0, headPosition: .start))
        #expect(try await neighbour.stats().eventCount == 2)
        #expect(try await neighbour.read("a-1", from: 1, limit: 10).count == 2)
    }
}

/// Small fixtures shared by the Redis tests.
enum StoreFixtures {
    static func events(_ n: Int, type: EventType = "test.happened") -> [ProposedEvent] {
        (0..<n).map { ProposedEvent(type: type, data: Data("{\"n\":\($0)}".utf8)) }
    }
}
