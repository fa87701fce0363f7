import EventSourcing
import Foundation
import GRDB
import SQLiteEventStore

/// SQLite's own ceiling for our rows: plain INSERTs into the same `events` table, 1,000 rows
/// per transaction, with the same durability, rows the size of a counter increment, spread
/// over `streams` streams. No engine, no group commit, no idempotency or version checks.
enum SQLiteInsertLimit {
    static func measure(path: String, durable: Bool, rows: Int, streams: Int) async throws -> Double {
        let store = try await SQLiteEventStore.open(path: path, options: SQLiteEventStore.Options(durable: durable))
        defer { Task { await store.close() } }
        let metadata = String(decoding: EventMetadata().jsonData(), as: UTF8.self)
        let perTransaction = 1_000
        let clock = ContinuousClock()
        let start = clock.now
        var written = 0
        while written < rows {
            let first = written
            let count = min(perTransaction, rows - written)
            try await store.database.write { db in
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO events (position, event_id, stream_id, version, type, data, metadata, recorded_at)
                    VALUES (?, ?, ?, ?, 'counter.incremented', ?, ?, ?)
                    """)
                let now = ISO8601DateFormatter().string(from: Date())
                for n in first..<(first + count) {
                    let version = n / streams + 1
                    insert.setUncheckedArguments([
                        n + 1, UUID().uuidString, "counter-limit-\(n % streams)", version,
                        "{\"count\":\(version)}", metadata, now,
                    ])
                    try insert.execute()
                }
            }
            written += count
        }
        let elapsed = clock.now - start
        return Double(rows) / elapsed.asSeconds
    }
}

/// The in-memory store's ceiling: 1,000-event appends straight to the store.
enum InMemoryLimit {
    static func measure(rows: Int, streams: Int) async throws -> Double {
        let store = InMemoryEventStore()
        let clock = ContinuousClock()
        let start = clock.now
        var written = 0
        var n = 0
        while written < rows {
            let count = min(1_000, rows - written)
            let events = (0..<count).map { i in
                ProposedEvent(type: "counter.incremented", data: Data("{\"count\":\(written + i + 1)}".utf8))
            }
            _ = try await store.append(events, to: StreamID("counter-limit-\(n % streams)"), expected: .any)
            written += count
            n += 1
        }
        return Double(rows) / (clock.now - start).asSeconds
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var asSeconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }

    /// The duration in microseconds, as a `Double`.
    var asMicroseconds: Double { asSeconds * 1e6 }
}
