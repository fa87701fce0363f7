import GRDB

/// A write transaction that SQLite does not sync to the disk when it commits, for writes
/// whose loss on a power cut loses nothing: a read model's page, which is rebuilt from the
/// event log.
///
/// A read model in the store's own file shares the store's one writer connection, which is
/// `synchronous=FULL` for the appends. Synced, each page the model applied cost a second
/// fsync on the writer every append waits for: half the commits of `eventscope demo`
/// (`strace`: 670 `fdatasync` calls for 20,000 commands, 386 without them).
///
/// Only in WAL mode, where `synchronous=NORMAL` keeps every commit atomic and the file
/// consistent across a power loss: the page is lost whole with its checkpoint, or kept
/// whole, and the next synced commit (the store's next append) makes it durable along with
/// everything written before it. The read model can only go back, never ahead of the log:
/// the events it applied were durable before it could read them. In rollback-journal mode
/// `NORMAL` could corrupt the file on a power loss, so there the transaction is synced as the
/// connection says.
///
/// The level is set back after the transaction, and the store's writer sets its own before
/// every group (``GroupCommitter``), so an append is never committed unsynced.
enum RelaxedSync {
    /// Runs `body` in a transaction whose commit is not synced (see above). SQLite applies
    /// `PRAGMA synchronous` when the statement is prepared, so these are never cached.
    static func transaction(_ db: Database, _ body: () throws -> Void) throws {
        let previous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? 2
        let wal = try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() == "wal"
        let relax = wal && previous > 1
        if relax { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        defer {
            if relax {
                if db.isInsideTransaction { try? db.rollback() }
                try? db.execute(sql: "PRAGMA synchronous = \(previous)")
            }
        }
        try db.inTransaction {
            try body()
            return .commit
        }
    }
}
