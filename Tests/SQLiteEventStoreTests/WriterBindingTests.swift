import EventScope
import EventScopeTesting
import Foundation
import GRDB
import EventScopeSQLite
import Testing

/// The writer binds each row's values through SQLite's C API, in parameter order: a value in
/// the wrong column, a stale value from the previous row, or a failed group poisoning the next
/// would all show in the file as the `sqlite3` shell sees it.
@Suite("Writer binding")
struct WriterBindingTests {
    @Test("every column of every row is what was appended, across concurrent groups, a refused append and a retry")
    func columnsAsAppended() async throws {
        let directory = TemporaryDirectory("binding")
        defer { directory.remove() }
        let path = directory.path("events.sqlite")
        let store = try await SQLiteEventStore.open(path: path)
        // Text, binary (not UTF-8) data, and metadata that differs from append to append.
        func events(_ stream: Int, _ n: Int) -> [ProposedEvent] {
            (0..<n).map { k in
                let data = k % 2 == 0 ? Data("{\"s\":\(stream),\"k\":\(k),\"t\":\"é✓\"}".utf8) : Data([0xFF, 0x00, UInt8(stream % 256), UInt8(k)])
                return ProposedEvent(
                    type: EventType("t\(stream % 3).\(k)"), data: data,
                    metadata: EventMetadata(custom: ["client": "c-\(stream)"]))
            }
        }
        var proposed: [Int: [ProposedEvent]] = [:]
        for i in 0..<40 { proposed[i] = events(i, 1 + i % 3) }
        let first = proposed
        let results = try await withThrowingTaskGroup(of: (Int, AppendResult).self) { group in
            for i in 0..<40 {
                group.addTask { (i, try await store.append(first[i]!, to: StreamID("bind-\(i)"), expected: .noStream)) }
            }
            return try await group.reduce(into: [Int: AppendResult]()) { $0[$1.0] = $1.1 }
        }
        // A refused append (wrong version) and a retry of stored events between good ones.
        await #expect(throws: EventStoreError.self) {
            try await store.append(events(0, 1), to: StreamID("bind-0"), expected: .exact(9))
        }
        let retried = try await store.append(first[1]!, to: StreamID("bind-1"), expected: .noStream)
        #expect(retried.events.map(\.eventID) == first[1]!.map(\.eventID))
        let more = events(7, 2)
        _ = try await store.append(more, to: StreamID("bind-7"), expected: .exact(StreamVersion(Int64(first[7]!.count))))
        proposed[7]! += more
        await store.close()

        let file = try DatabaseQueue(path: path)
        let rows = try await file.read { db in
            try Row.fetchAll(db, sql: "SELECT position, event_id, stream_id, version, type, data, metadata, recorded_at FROM events ORDER BY position")
        }
        #expect(rows.count == proposed.values.reduce(0) { $0 + $1.count })
        #expect(rows.map { $0[0] as Int64 } == Array(1...Int64(rows.count)))
        var seen: [String: Int] = [:]
        for row in rows {
            let stream: String = row[2]
            let index = Int(stream.dropFirst("bind-".count))!
            let k = seen[stream, default: 0]
            seen[stream] = k + 1
            let e = proposed[index]![k]
            #expect(row[1] as String == e.eventID.uuidString)
            #expect(row[3] as Int64 == Int64(k + 1))
            #expect(row[4] as String == e.type.rawValue)
            let data: DatabaseValue = row[5]
            if case .string(let text) = data.storage {
                #expect(Data(text.utf8) == e.data, "text data of \(stream) v\(k + 1)")
            } else if case .blob(let bytes) = data.storage {
                #expect(bytes == e.data, "binary data of \(stream) v\(k + 1)")
            } else {
                Issue.record("data of \(stream) v\(k + 1) is \(data)")
            }
            #expect((row[6] as String).contains("\"c-\(index)\""), "metadata of \(stream) v\(k + 1): \(row[6] as String)")
            #expect((row[7] as String).hasSuffix("Z"))
        }
        // The listing: each stream's version, last position and last type.
        let listing = try await file.read { db in
            try Row.fetchAll(db, sql: "SELECT stream_id, category, version, last_position, last_event_type FROM streams")
        }
        #expect(listing.count == 40)
        for row in listing {
            let stream: String = row[0]
            let index = Int(stream.dropFirst("bind-".count))!
            let mine = rows.filter { ($0[2] as String) == stream }
            #expect(row[1] as String == "bind")
            #expect(row[2] as Int64 == Int64(proposed[index]!.count))
            #expect(row[3] as Int64 == mine.last![0] as Int64)
            #expect(row[4] as String == proposed[index]!.last!.type.rawValue)
        }
        #expect(results.count == 40)
    }

    @Test("the bench's commit time is measured on real commits in the file")
    func commitLatency() async throws {
        let directory = TemporaryDirectory("commit")
        defer { directory.remove() }
        let path = directory.path("commit.sqlite")
        let event = ProposedEvent(type: "probe", data: Data("{\"n\":1}".utf8))
        let ms = try await SQLiteEventStore.commitLatency(path: path, durable: true, event: event, commits: 7)
        #expect(ms > 0)
        let count = try await DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM events WHERE stream_id = 'commit-probe' AND type = 'probe'")
        }
        #expect(count == 7)
    }
}
