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
        let rows: [StatementArguments] = events.enumerated().map { n, item in
            let version = (versions[item.stream] ?? 0) + 1
            versions[item.stream] = version
            let e = item.event
            return [
                Int64(n + 1), e.eventID.uuidString, item.stream.rawValue, version, e.type.rawValue,
                String(decoding: e.data, as: UTF8.self), String(decoding: e.metadata.jsonData(), as: UTF8.self),
            ]
        }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            for first in stride(from: 0, to: rows.count, by: max(1, perTransaction)) {
                let batch = rows[first..<min(rows.count, first + max(1, perTransaction))]
                try await store.database.write { db in
                    let insert = try AppendStatements(db).insertEvent
                    let now = Timestamp.now().text
                    for arguments in batch {
                        insert.setUncheckedArguments(arguments + [now])
                        try insert.execute()
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
