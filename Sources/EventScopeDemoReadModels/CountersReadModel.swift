import EventScopeDemo
import EventScope
import Foundation
import GRDB
import EventScopeSQLite
/// The `counters` read model for people: its rows, a counter's row, and the check that each
/// count is the number of increments in the counter's stream up to the checkpoint.
public struct CountersReadModel: SQLiteBackedReadModel {
    /// The tables, checkpoint, skips and lease.
    public let base: SQLiteReadModel

    /// The model in `database` (the SQLite store's own, or a file of read models).
    public init(database: any DatabaseWriter) {
        base = CounterReadModel.make(database: database)
    }

    public var summary: String { "one row per counter: its count and the version it reflects" }
    public var columns: [String] { ["counter", "count", "version"] }

    public func rows(limit: Int) async throws -> [ReadModelRow] {
        try await base.prepare()
        return try await base.database.read { db in
            try Row.fetchAll(db, sql: "SELECT counter_id, count, version FROM counters ORDER BY counter_id LIMIT ?", arguments: [limit]).map(Self.row)
        }
    }

    public func rows(of stream: StreamID) async throws -> [ReadModelRow] {
        guard stream.category == Counter.category else { return [] }
        try await base.prepare()
        return try await base.database.read { db in
            try Row.fetchAll(db, sql: "SELECT counter_id, count, version FROM counters WHERE counter_id = ?", arguments: [stream.id]).map(Self.row)
        }
    }

    /// Each counter is created once, at version 1, and every later event is an increment: so
    /// at the checkpoint a counter at version v has had v − 1 increments, and its row must say
    /// count v − 1 at version v. An increment applied twice, or skipped, shows here.
    public func check(_ rows: [ReadModelRow], against store: any EventStore) async throws -> ReadModelCheck? {
        let checkpoint = try await base.checkpoint()
        var problems: [String] = []
        var sum = 0
        var increments: Int64 = 0
        for row in rows {
            guard let stream = row.stream, let count = Int(row.cells[1]) else { continue }
            let version = try await Self.version(of: stream, at: checkpoint, in: store, claimed: row.version)
            sum += count
            increments += max(0, version.value - 1)
            if Int64(count) != max(0, version.value - 1) || row.version != version {
                problems.append("\(stream): count \(count) at version \(row.version?.value ?? 0), log has \(max(0, version.value - 1)) increments at version \(version.value)")
            }
        }
        let verb = problems.isEmpty ? "=" : "≠"
        return ReadModelCheck(
            passed: problems.isEmpty,
            summary: "Σ count \(sum) \(verb) \(increments) increments in the log up to #\(checkpoint.value) (\(rows.count) counters)",
            problems: problems)
    }

    static func row(_ r: Row) -> ReadModelRow {
        let id: String = r[0]
        let count: Int64 = r[1]
        let version: Int64 = r[2]
        return ReadModelRow(key: id, cells: [id, String(count), String(version)], stream: StreamID(category: Counter.category, id: id), version: StreamVersion(version))
    }

    /// The stream's version as of `checkpoint` (its last event at or before it). `claimed` (the
    /// row's version) is checked first with one read of two events — it is the answer when its
    /// event is at or before the checkpoint and the next one after it — so checking a table
    /// while the model is far behind (a rebuild) does not read every stream back to the
    /// checkpoint; a wrong claim falls back to reading back.
    static func version(of stream: StreamID, at checkpoint: GlobalPosition, in store: any EventStore, claimed: StreamVersion? = nil) async throws -> StreamVersion {
        guard let info = try await store.streamInfo(stream) else { return .none }
        if info.lastPosition <= checkpoint { return info.version }
        if let claimed, claimed.value >= 1 {
            let two = try await store.read(stream, from: claimed, limit: 2)
            if let first = two.first, first.version == claimed, first.position <= checkpoint, two.count == 2, two[1].position > checkpoint {
                return claimed
            }
        }
        var from: StreamVersion? = nil
        while true {
            let page = try await store.readBackward(stream, from: from, limit: 256)
            if let hit = page.first(where: { $0.position <= checkpoint }) { return hit.version }
            guard let last = page.last, last.version.value > 1 else { return .none }
            from = StreamVersion(last.version.value - 1)
        }
    }
}
