import EventScope
import EventScopeTesting
import Foundation
import GRDB
@testable import EventScopeSQLite
import Testing

@Suite("Row coding")
struct RowCodingTests {
    @Test("commit times round-trip through their stored text at millisecond precision")
    func timestamps() throws {
        for ms: Int64 in [0, 1, 999, 1_000, 1_764_265_807_123, 4_102_444_799_999] {
            let t = Timestamp(milliseconds: ms)
            let parsed = try #require(Timestamp(text: t.text))
            #expect(parsed.milliseconds == ms, "\(t.text)")
        }
        #expect(Timestamp(milliseconds: 1_764_265_807_123).text == "2025-11-27T17:50:07.123Z")
        #expect(Timestamp(text: "yesterday") == nil)
    }
}

@Suite("Rows written by hand")
struct HandWrittenRowTests {
    /// Invariant: a stored record is shown as it is, never silently changed. A row whose event
    /// id is not a UUID (written with the sqlite3 shell) is returned with the nil UUID and a
    /// `problem` naming the stored text, by every read, and the rows around it are sound.
    @Test("a malformed stored event id is reported, not replaced by a random one")
    func malformedEventID() async throws {
        let directory = TemporaryDirectory("malformed")
        defer { directory.remove() }
        let path = directory.path("events.sqlite")
        let store = try await SQLiteEventStore.open(path: path)
        _ = try await store.append(StoreContract.events(1), to: "hand-1", expected: .noStream)
        // Another connection, as the sqlite3 shell would be.
        let shell = try DatabaseQueue(path: path)
        try await shell.write { db in
            try db.execute(sql: """
                INSERT INTO events (position, event_id, stream_id, version, type, data, metadata, recorded_at)
                VALUES (2, 'not-a-uuid', 'hand-1', 2, 'test.happened', '{"n":2}', '{}', '2026-01-02T03:04:05.678Z');
                UPDATE streams SET version = 2, last_position = 2 WHERE stream_id = 'hand-1';
                """)
        }
        let nilUUID = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!
        let reads = [
            try await store.read("hand-1", from: 1, limit: 10),
            try await store.readAll(from: 1, limit: 10),
            try await store.readBackward("hand-1", from: nil, limit: 10).reversed(),
            try await store.readAllBackward(from: nil, limit: 10).reversed(),
        ]
        for events in reads {
            #expect(events.count == 2)
            #expect(events.first?.problem == nil)
            #expect(events.last?.eventID == nilUUID)
            #expect(events.last?.problem == #"malformed event id "not-a-uuid""#)
            #expect(events.last?.data == Data(#"{"n":2}"#.utf8))
        }
        await store.close()
    }
}
