import EventScopeDemo
import EventScope
import Foundation
import GRDB
import EventScopeSQLite
/// The `accounts` read model: one row per bank account with its owner, balance, status and
/// last change, kept from `$all` with its checkpoint in the same transaction.
///
/// ```sql
/// accounts(account_id TEXT PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER NOT NULL,
///          status TEXT NOT NULL, version INTEGER NOT NULL, last_change TEXT NOT NULL)
/// ```
/// `last_change` is when the last event applied was recorded (ISO 8601, UTC).
public struct AccountsReadModel: SQLiteBackedReadModel {
    /// The handler's checkpoint name.
    public static let name = "accounts"
    /// The tables, checkpoint, skips and lease.
    public let base: SQLiteReadModel

    /// The model in `database` (the SQLite store's own, or a file of read models).
    public init(database: any DatabaseWriter) {
        base = SQLiteReadModel(name: Self.name, database: database, tables: ["accounts"], setup: Self.setup, apply: Self.apply)
    }

    public var summary: String { "one row per bank account: owner, balance, status, last change" }
    public var columns: [String] { ["account", "owner", "balance", "status", "version", "last change"] }

    public func rows(limit: Int) async throws -> [ReadModelRow] {
        try await base.prepare()
        return try await base.database.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.selected) FROM accounts ORDER BY account_id LIMIT ?", arguments: [limit]).map(Self.row)
        }
    }

    public func rows(of stream: StreamID) async throws -> [ReadModelRow] {
        guard stream.category == BankAccount.category else { return [] }
        try await base.prepare()
        return try await base.database.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.selected) FROM accounts WHERE account_id = ?", arguments: [stream.id]).map(Self.row)
        }
    }

    /// Each row must be the fold of its account's events up to the checkpoint.
    public func check(_ rows: [ReadModelRow], against store: any EventStore) async throws -> ReadModelCheck? {
        let checkpoint = try await base.checkpoint()
        let codec = Self.codec
        var problems: [String] = []
        for row in rows {
            guard let stream = row.stream else { continue }
            var state = BankAccount.initialState
            var version = StreamVersion.none
            for event in try await store.readStream(stream) where event.position <= checkpoint {
                if let decoded = codec.decode(event).event { state = BankAccount.apply(decoded, to: state) }
                version = event.version
            }
            let expected = [state.owner ?? "", String(state.balance), state.status?.rawValue ?? "", String(version.value)]
            if Array(row.cells[1...4]) != expected {
                problems.append("\(stream): row says \(row.cells[1...4].joined(separator: " ")), the log folds to \(expected.joined(separator: " "))")
            }
        }
        return ReadModelCheck(
            passed: problems.isEmpty,
            summary: problems.isEmpty
                ? "each balance = the fold of its account, up to #\(checkpoint.value) (\(rows.count) accounts)"
                : "\(problems.count) of \(rows.count) accounts ≠ the fold of their events",
            problems: problems)
    }

    private static let selected = "account_id, owner, balance, status, version, last_change"

    static func row(_ r: Row) -> ReadModelRow {
        let id: String = r[0]
        let balance: Int64 = r[2]
        let version: Int64 = r[4]
        return ReadModelRow(
            key: id, cells: [id, r[1], String(balance), r[3], String(version), r[5]],
            stream: StreamID(category: BankAccount.category, id: id), version: StreamVersion(version))
    }

    static let codec: EventCodec = {
        var codec = EventCodec()
        BankAccount.registerEvents(in: &codec)
        return codec
    }()

    @Sendable static func setup(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS accounts (
                account_id  TEXT PRIMARY KEY,
                owner       TEXT NOT NULL,
                balance     INTEGER NOT NULL,
                status      TEXT NOT NULL,
                version     INTEGER NOT NULL,
                last_change TEXT NOT NULL
            )
            """)
    }

    /// Applies one account event; an account event whose data does not decode stops the
    /// handler there (a read model must not guess).
    @Sendable static func apply(_ db: Database, _ event: RecordedEvent) throws {
        guard event.streamID.category == BankAccount.category else { return }
        let id = event.streamID.id
        let at = SQLiteEventStore.timestampText(event.recordedAt)
        let decoded = codec.decode(event)
        if case .undecodable(_, _, let reason) = decoded {
            throw ReadModelDataError("cannot read \(event.type.rawValue) of \(event.streamID): \(reason)")
        }
        switch decoded.event {
        case let e as AccountOpened:
            try db.execute(
                sql: """
                    INSERT INTO accounts (account_id, owner, balance, status, version, last_change) VALUES (?, ?, 0, 'open', ?, ?)
                    ON CONFLICT (account_id) DO UPDATE SET owner = excluded.owner, balance = 0, status = 'open', version = excluded.version, last_change = excluded.last_change
                    """, arguments: [id, e.owner, event.version.value, at])
        case let e as MoneyDeposited:
            try update(db, id: id, balance: e.balance, event: event, at: at)
        case let e as MoneyWithdrawn:
            try update(db, id: id, balance: e.balance, event: event, at: at)
        case let e as any BalanceChange:
            try update(db, id: id, balance: e.balance, event: event, at: at)
        case is TransferRequested, is TransferDeclined, is TransferRejected:
            // No money moves, but the account's version does (a transfer rejected by an account
            // never opened has no row to touch).
            try db.execute(
                sql: "UPDATE accounts SET version = ?, last_change = ? WHERE account_id = ?",
                arguments: [event.version.value, at, id])
        case is AccountClosed:
            try db.execute(
                sql: "UPDATE accounts SET status = 'closed', version = ?, last_change = ? WHERE account_id = ?",
                arguments: [event.version.value, at, id])
        default:
            return
        }
    }

    private static func update(_ db: Database, id: String, balance: Int, event: RecordedEvent, at: String) throws {
        try db.execute(
            sql: "UPDATE accounts SET balance = ?, version = ?, last_change = ? WHERE account_id = ?",
            arguments: [balance, event.version.value, at, id])
        guard db.changesCount == 1 else {
            throw ReadModelDataError("\(event.type.rawValue) on \(event.streamID) (#\(event.position.value)) before the account was opened")
        }
    }
}

/// An event a read model cannot make sense of: its data does not decode, or it contradicts
/// the model (money moved on an account never opened).
public struct ReadModelDataError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
