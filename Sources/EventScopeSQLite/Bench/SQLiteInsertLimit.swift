import EventScope
import Foundation
import GRDB

extension SQLiteEventStore {
    /// Measures SQLite's own ceiling for the store's rows: plain INSERTs into the `events`
    /// table, `perTransaction` rows per write transaction, with no group commit and no
    /// idempotency or version checks. Rows per second.
    ///
    /// The caller chooses the events (their streams, types and sizes): the store knows no
    /// domain. They are numbered `1, 2, …` within each stream in the order given, and the
    /// statement is the one appends use, so the rows, indexes and durability are the store's.
    ///
    /// - Parameters:
    ///   - path: a scratch file: created (or extended) and left for the caller to delete.
    ///   - durable: `synchronous=FULL` when true, `NORMAL` otherwise (as ``Options/durable``).
    ///   - events: the rows to insert; built by the caller before the clock starts.
    ///   - perTransaction: rows per write transaction.
    /// - Throws: the errors of ``open(path:options:)``, and `EventStoreError.invalid` or
    ///   `.unavailable` when an insert fails (e.g. the file already holds these streams).
    public static func insertLimit(
        path: String, durable: Bool, appending events: [(stream: StreamID, event: ProposedEvent)], perTransaction: Int = 1_000
    ) async throws -> Double {
        let store = try await SQLiteEventStore.open(path: path, options: Options(durable: durable))
        var versions: [StreamID: Int64] = [:]
        let rows: [LimitRow] = events.enumerated().map { n, item in
            let version = (versions[item.stream] ?? 0) + 1
            versions[item.stream] = version
            let e = item.event
            return LimitRow(
                position: Int64(n + 1), id: e.eventID.uuidString, stream: item.stream.rawValue, version: version,
                type: e.type.rawValue, data: EventRow.dataValue(e.data), metadata: String(decoding: e.metadata.jsonData(), as: UTF8.self))
        }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            for first in stride(from: 0, to: rows.count, by: max(1, perTransaction)) {
                let batch = rows[first..<min(rows.count, first + max(1, perTransaction))]
                try await store.database.write { db in
                    let insert = try AppendStatements(db).insertEvent
                    let now = Timestamp.now().text
                    // Bound and stepped as appends are (``Statement/bindEach(_:)``,
                    // ``Statement/stepOnce(_:)``), so the limit is not slowed by a path the
                    // store does not take.
                    for r in batch {
                        try insert.bindEach { bind in
                            bind(r.position); bind(r.id); bind(r.stream); bind(r.version); bind(r.type)
                            bind(r.data); bind(r.metadata); bind(now)
                        }
                        try insert.stepOnce(db)
                    }
                }
            }
        } catch {
            await store.close()
            throw EventStoreError.invalid("the insert limit on \(path) failed: \(error)")
        }
        let elapsed = (clock.now - start) / .seconds(1)
        await store.close()
        return Double(rows.count) / max(elapsed, 1e-9)
    }
}

/// One row of ``SQLiteEventStore/insertLimit(path:durable:appending:perTransaction:)``, made
/// before the clock starts.
private struct LimitRow {
    let position: Int64
    let id: String
    let stream: String
    let version: Int64
    let type: String
    let data: DatabaseValue
    let metadata: String
}

extension SQLiteEventStore {
    /// The median time of one write transaction of one plain INSERT (the statement appends
    /// use) on the file at `path`, in milliseconds: with `durable`, mostly the disk's fsync.
    /// A group of N appends costs at least this, so N concurrent clients can be acknowledged
    /// no faster than N per commit time, whatever the store does (the bench prints it beside
    /// the throughput ratio, which the disk's load moves).
    /// - Parameters:
    ///   - path: a scratch file: created (or extended) and left for the caller to delete.
    ///   - commits: how many transactions to time.
    /// - Throws: the errors of ``open(path:options:)``, and `EventStoreError.unavailable` when
    ///   an insert fails.
    public static func commitLatency(path: String, durable: Bool, event: ProposedEvent, commits: Int = 50) async throws -> Double {
        let store = try await SQLiteEventStore.open(path: path, options: Options(durable: durable))
        let metadata = String(decoding: event.metadata.jsonData(), as: UTF8.self)
        let data = String(decoding: event.data, as: UTF8.self)
        let clock = ContinuousClock()
        var samples: [Double] = []
        do {
            for _ in 0..<max(1, commits) {
                let start = clock.now
                try await store.database.write { db in
                    let next = (try Int64.fetchOne(db, sql: "SELECT max(position) FROM events") ?? 0) + 1
                    let insert = try AppendStatements(db).insertEvent
                    insert.setUncheckedArguments([
                        next, UUID.newEventID().uuidString, "commit-probe", next, event.type.rawValue, data, metadata,
                        Timestamp.now().text,
                    ])
                    try insert.execute()
                }
                samples.append((clock.now - start) / .milliseconds(1))
            }
        } catch {
            await store.close()
            throw EventStoreError.unavailable("the commit time on \(path) could not be measured: \(error)")
        }
        await store.close()
        samples.sort()
        return samples[samples.count / 2]
    }
}
