import EventScope
import EventScopeTesting
import Foundation
import EventScopeRedis
import Testing

/// What the store refuses to write and how it shows records it cannot fully read.
@Suite("Redis records")
struct RedisRecordTests {
    /// Invariant: an append whose events repeat an event id is refused with
    /// `duplicateEventID` and writes nothing — in a new stream, in an existing one, and when
    /// the repeated id is already stored (that is not an idempotent retry).
    @Test func anAppendRepeatingAnEventIDIsRefusedAndWritesNothing() async throws {
        let store = try await TestRedis.freshStore()
        defer { Task { await store.close() } }

        let e = StoreFixtures.events(1)[0]
        let twice = [e, StoreFixtures.events(1)[0], e]
        let error = await #expect(throws: EventStoreError.self) { try await store.append(twice, to: "dup-1", expected: .any) }
        #expect(error == .duplicateEventID(stream: "dup-1", eventID: e.eventID.uuidString))
        #expect(try await store.stats() == StoreStats(eventCount: 0, streamCount: 0, headPosition: 0))
        #expect(try await store.streamInfo("dup-1") == nil)
        #expect(redisKeys(prefix: store.keyPrefix).isEmpty, "keys written: \(redisKeys(prefix: store.keyPrefix))")

        // In an existing stream: nothing appended, nothing moved.
        let first = try await store.append(StoreFixtures.events(2), to: "dup-2", expected: .noStream)
        let keysBefore = redisKeys(prefix: store.keyPrefix)
        let g = StoreFixtures.events(1)[0]
        await #expect(throws: EventStoreError.duplicateEventID(stream: "dup-2", eventID: g.eventID.uuidString)) {
            try await store.append([g, g], to: "dup-2", expected: .exact(2))
        }
        // An id already stored, repeated: refused too (a retry never repeats an id).
        let stored = first.events[0]
        let replay = ProposedEvent(eventID: stored.eventID, type: stored.type, data: stored.data, metadata: stored.metadata)
        await #expect(throws: EventStoreError.self) { try await store.append([replay, replay], to: "dup-2", expected: .any) }
        #expect(try await store.stats() == StoreStats(eventCount: 2, streamCount: 1, headPosition: 2))
        #expect(try await store.currentVersion(of: "dup-2") == 2)
        #expect(redisKeys(prefix: store.keyPrefix) == keysBefore)
    }

    /// Invariant: a stored record whose event id is not a UUID (written by another tool) is
    /// read, not dropped and not given a made-up id: `eventID` is the nil UUID and `problem`
    /// says what is wrong; the records around it read normally.
    @Test func aMalformedStoredEventIDIsShownWithTheNilUUIDAndAProblem() async throws {
        let store = try await TestRedis.freshStore()
        defer { Task { await store.close() } }
        _ = try await store.append(StoreFixtures.events(1), to: "raw-1", expected: .noStream)

        // A second record written by hand, as redis-cli would, with a bad event id.
        let p = store.keyPrefix
        let written = redisCLI([
            "XADD", "\(p):all", "2-0", "stream", "raw-1", "version", "2", "type", "test.happened",
            "event_id", "x-1", "data", "{\"n\":2}", "metadata", "{}", "recorded_at", "1700000000000",
        ])
        #expect(written.contains("2-0"), "\(written)")
        redisCLI(["RPUSH", "\(p):stream:raw-1", "2"])
        redisCLI(["SET", "\(p):head", "2"])
        _ = try await store.append(StoreFixtures.events(1), to: "raw-1", expected: .any)

        let all = try await store.readAll(from: 1, limit: 10)
        #expect(all.map(\.position) == [1, 2, 3])
        let odd = try #require(all.count == 3 ? all[1] : nil)
        #expect(odd.eventID == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        #expect(odd.problem == "malformed event id \"x-1\"")
        #expect(odd.streamID == "raw-1")
        #expect(odd.version == 2)
        #expect(odd.data == Data("{\"n\":2}".utf8))
        #expect(all[0].problem == nil && all[2].problem == nil)
    }
}

/// Runs `redis-cli` against the shared test server; returns its output.
@discardableResult
func redisCLI(_ arguments: [String]) -> String {
    let url = URL(string: TestRedis.url)
    let port = url?.port ?? 6379
    return runTool("redis-cli", ["-h", url?.host ?? "127.0.0.1", "-p", String(port)] + arguments).output
}

/// Every key under `prefix:` on the shared test server, sorted.
func redisKeys(prefix: String) -> [String] {
    redisCLI(["--scan", "--pattern", "\(prefix):*"]).split(separator: "\n").map(String.init).sorted()
}
