import EventScope
import EventScopeDemo
import EventScopeSQLite
import Foundation
import GRDB

/// The transfer process manager's journal: its checkpoint, lease and skips, and one row per
/// transfer with the step it has reached, kept in the same transaction as the checkpoint.
///
/// ```sql
/// transfers(transfer_id TEXT PRIMARY KEY, from_account TEXT NOT NULL, to_account TEXT NOT NULL,
///           amount INTEGER NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, last_change TEXT NOT NULL)
/// ```
/// `status` is `requested`, `sent`, `received`, `declined`, `rejected` (the target would not
/// take it; the refund follows) or `refunded`.
public struct TransfersJournal: SQLiteBackedReadModel {
    public let base: SQLiteReadModel

    public init(database: any DatabaseWriter) {
        base = SQLiteReadModel(name: TransferProcess.name, database: database, tables: ["transfers"], setup: Self.setup, apply: Self.apply)
    }

    public var summary: String { "process manager: moves each requested transfer (send, receive, or refund); one row per transfer" }
    public var columns: [String] { ["transfer", "from", "to", "amount", "status", "reason", "last change"] }

    public func rows(limit: Int) async throws -> [ReadModelRow] {
        try await base.prepare()
        return try await base.database.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.selected) FROM transfers ORDER BY last_change DESC, transfer_id LIMIT ?", arguments: [limit]).map(Self.row)
        }
    }

    public func rows(of stream: StreamID) async throws -> [ReadModelRow] {
        guard stream.category == BankAccount.category else { return [] }
        try await base.prepare()
        return try await base.database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.selected) FROM transfers WHERE from_account = ? OR to_account = ? ORDER BY last_change DESC",
                arguments: [stream.rawValue, stream.rawValue]
            ).map(Self.row)
        }
    }

    private static let selected = "transfer_id, from_account, to_account, amount, status, reason, last_change"

    static func row(_ r: Row) -> ReadModelRow {
        let amount: Int64 = r[3]
        return ReadModelRow(key: r[0], cells: [r[0], r[1], r[2], String(amount), r[4], r[5], r[6]])
    }

    @Sendable static func setup(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS transfers (
                transfer_id  TEXT PRIMARY KEY,
                from_account TEXT NOT NULL,
                to_account   TEXT NOT NULL,
                amount       INTEGER NOT NULL,
                status       TEXT NOT NULL,
                reason       TEXT NOT NULL,
                last_change  TEXT NOT NULL
            )
            """)
    }

    @Sendable static func apply(_ db: Database, _ event: RecordedEvent) throws {
        guard event.streamID.category == BankAccount.category else { return }
        let at = SQLiteEventStore.timestampText(event.recordedAt)
        switch AccountsReadModel.codec.decode(event).event {
        case let e as TransferRequested:
            try db.execute(
                sql: "INSERT OR IGNORE INTO transfers VALUES (?, ?, ?, ?, 'requested', '', ?)",
                arguments: [event.eventID.uuidString.lowercased(), event.streamID.rawValue, e.to, e.amount, at])
        case let e as TransferSent: try set(db, e.transfer, "sent", "", at)
        case let e as TransferReceived: try set(db, e.transfer, "received", "", at)
        case let e as TransferDeclined: try set(db, e.transfer, "declined", e.reason, at)
        case let e as TransferRejected: try set(db, e.transfer, "rejected", "\(event.streamID): \(e.reason)", at)
        case let e as TransferRefunded: try set(db, e.transfer, "refunded", e.reason, at)
        default: return
        }
    }

    private static func set(_ db: Database, _ transfer: UUID, _ status: String, _ reason: String, _ at: String) throws {
        try db.execute(
            sql: "UPDATE transfers SET status = ?, reason = ?, last_change = ? WHERE transfer_id = ?",
            arguments: [status, reason, at, transfer.uuidString.lowercased()])
    }
}
