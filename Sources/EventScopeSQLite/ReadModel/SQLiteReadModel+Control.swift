import EventScope
import Foundation
import GRDB

// MARK: - Rebuild, skip and lease

extension SQLiteReadModel {
    /// Empties the model's tables and sets its checkpoint back to `.start`, in one transaction
    /// (a crash leaves either the old model or the empty one, never half of each). Its skips
    /// are forgotten too: a rebuild applies every event again.
    /// - Throws: ``EventHandlerError/cannotReset(_:)`` when the model names no tables.
    public func reset() async throws {
        guard !tables.isEmpty else { throw EventHandlerError.cannotReset(name) }
        try await prepare()
        let (name, tables) = (self.name, self.tables)
        try await guarded {
            try await self.database.write { db in
                for table in tables { try db.execute(sql: "DELETE FROM \(table)") }
                try db.execute(sql: "DELETE FROM \(Self.skipTable) WHERE name = ?", arguments: [name])
                try db.execute(sql: "DELETE FROM \(Self.checkpointTable) WHERE name = ?", arguments: [name])
            }
        }
    }

    /// Moves the checkpoint to `event` without applying it and records the skip, atomically.
    public func skip(_ event: RecordedEvent, reason: String) async throws {
        try await prepare()
        let name = self.name
        try await guarded {
            try await self.database.write { db in
                let checkpoint = try Self.storedCheckpoint(db, name: name)
                guard event.position > checkpoint else { return }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO \(Self.skipTable) (name, position, event_type, reason, skipped_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [name, event.position.value, event.type.rawValue, reason, Date().timeIntervalSince1970])
                try db.execute(
                    sql: "INSERT INTO \(Self.checkpointTable) (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position",
                    arguments: [name, event.position.value])
            }
        }
    }

    /// The events skipped by hand, oldest first.
    public func skipped() async throws -> [SkippedEvent] {
        try await prepare()
        let name = self.name
        return try await guarded {
            try await self.database.read { db in
                try Row.fetchAll(db, sql: "SELECT position, event_type, reason, skipped_at FROM \(Self.skipTable) WHERE name = ? ORDER BY position", arguments: [name])
                    .map { SkippedEvent(position: GlobalPosition($0[0]), eventType: EventType($0[1]), reason: $0[2], at: Date(timeIntervalSince1970: $0[3])) }
            }
        }
    }

    /// Renews `lease` in the lease table, or takes it over when the keeper on record has not
    /// renewed within `staleAfter`, or is a process of this host that no longer exists
    /// (killed). Returns the lease in force. The check and the write are one transaction, so
    /// two processes never both believe they keep the model.
    public func renew(_ lease: HandlerLease, staleAfter: Duration) async throws -> HandlerLease {
        try await prepare()
        let name = self.name
        let stale = staleAfter / .seconds(1)
        return try await guarded {
            try await self.database.write { db in
                if let current = try Self.lease(db, name: name), current.keeper != lease.keeper {
                    let silent = lease.heartbeat.timeIntervalSince(current.heartbeat) > stale
                    let gone = current.keeper.isGone
                    if !silent && !gone { return current }
                }
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO \(Self.leaseTable)
                            (name, pid, host, heartbeat_at, phase, failure_position, failure_stream, failure_type, failure_message)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        name, Int64(lease.keeper.pid), lease.keeper.host, lease.heartbeat.timeIntervalSince1970, lease.phase.rawValue,
                        lease.failure?.position.value, lease.failure?.stream.rawValue, lease.failure?.eventType.rawValue, lease.failure?.message,
                    ])
                return lease
            }
        }
    }

    /// The lease on record, if any.
    public func recordedLease() async throws -> HandlerLease? {
        try await prepare()
        let name = self.name
        return try await guarded { try await self.database.read { db in try Self.lease(db, name: name) } }
    }

    /// Removes the lease if `keeper` holds it.
    public func release(_ keeper: HandlerKeeper) async {
        let name = self.name
        _ = try? await database.write { db in
            try db.execute(sql: "DELETE FROM \(Self.leaseTable) WHERE name = ? AND pid = ? AND host = ?", arguments: [name, Int64(keeper.pid), keeper.host])
        }
    }

    // MARK: - Helpers

    static func lease(_ db: Database, name: String) throws -> HandlerLease? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT pid, host, heartbeat_at, phase, failure_position, failure_stream, failure_type, failure_message FROM \(leaseTable) WHERE name = ?",
            arguments: [name])
        else { return nil }
        var failure: HandlerFailure?
        if let position: Int64 = row[4] {
            failure = HandlerFailure(
                position: GlobalPosition(position), stream: StreamID(row[5] as String? ?? ""), eventType: EventType(row[6] as String? ?? ""),
                message: row[7] ?? "")
        }
        return HandlerLease(
            keeper: HandlerKeeper(pid: Int32(truncatingIfNeeded: row[0] as Int64), host: row[1]),
            heartbeat: Date(timeIntervalSince1970: row[2]), phase: HandlerStatus.Phase(rawValue: row[3]) ?? .running, failure: failure)
    }

    static func isOutage(_ error: DatabaseError) -> Bool {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: return true
        default: return false
        }
    }

    /// Runs `body`, turning database errors into the store's errors (with the file's name).
    func guarded<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw StoreFailure.map(error, path: database.path, busyTimeout: 5)
        }
    }
}
