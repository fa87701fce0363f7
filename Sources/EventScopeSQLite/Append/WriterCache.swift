import EventScope
import GRDB
import GRDBSQLite

/// What the writer connection knows between its transactions: the head and the versions of
/// streams it wrote. Valid only while no other connection (process) has committed, which
/// `PRAGMA data_version` on the writer connection tells at the start of each transaction:
/// it changes exactly when another connection commits.
///
/// It saves two lookups per append on the hot path. Only touched on the writer queue.
struct WriterCache {
    /// The writer connection's data version when the cache was last valid.
    private var dataVersion: Int64?
    private(set) var head: Int64 = 0
    private var versions: [String: Int64] = [:]
    /// Bounds memory: past this many streams the cache starts over.
    private let capacity = 100_000

    /// Makes the cache valid for the transaction that just began on `db`.
    /// - Returns: whether it read the head again (another connection committed, or the cache
    ///   was invalidated).
    mutating func revalidate(_ db: Database) throws -> Bool {
        let current = try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
        guard current != dataVersion else { return false }
        versions.removeAll(keepingCapacity: true)
        head = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(position) FROM events")) ?? 0
        dataVersion = current
        return true
    }

    /// A stream's version as of the start of this transaction, if known.
    func version(of stream: String) -> Int64? { versions[stream] }

    /// Records what a committed transaction wrote.
    mutating func committed(head: Int64, versions written: [String: Int64]) {
        if versions.count + written.count > capacity { versions.removeAll(keepingCapacity: true) }
        self.head = head
        versions.merge(written) { _, new in new }
    }

    /// Forgets everything (after a failed transaction).
    mutating func invalidate() {
        dataVersion = nil
        versions.removeAll(keepingCapacity: true)
    }
}

/// The state of the group being written: its head and stream versions so far, and its commit
/// time.
struct GroupContext {
    var head: Int64
    /// Versions written by this group's appends so far (committed savepoints only).
    var written: [String: Int64] = [:]
    let timestamp: Timestamp
    let timestampText: String
    private var prepared: AppendStatements?

    /// What one append may change in the group: the head, and its own stream's entry.
    struct Mark {
        let head: Int64
        let stream: String
        let version: Int64?
    }

    /// The group as it is before an append to `stream` (see ``rollBack(to:)``).
    func mark(_ stream: String) -> Mark { Mark(head: head, stream: stream, version: written[stream]) }

    /// Undoes what a failed append did to the group: its head and its stream's version go back
    /// to `saved`. The prepared statements stay: a failed step resets its statement
    /// (``Statement/stepOnce(_:)``), and GRDB never runs them itself after their first group.
    mutating func rollBack(to saved: Mark) {
        head = saved.head
        written[saved.stream] = saved.version
    }

    /// The group's prepared statements (looked up once per group, not once per append).
    mutating func statements(_ db: Database) throws -> AppendStatements {
        if let prepared { return prepared }
        let statements = try AppendStatements(db)
        prepared = statements
        return statements
    }

    init(head: Int64, timestamp: Timestamp) {
        self.head = head
        self.timestamp = timestamp
        self.timestampText = timestamp.text
    }

}

/// The statements an append runs, prepared once per connection (GRDB's statement cache).
struct AppendStatements {
    let insertEvent: Statement
    let updateStream: Statement
    let insertStream: Statement

    init(_ db: Database) throws {
        insertEvent = try db.cachedStatement(sql: """
            INSERT INTO events (position, event_id, stream_id, version, type, data, metadata, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        updateStream = try db.cachedStatement(sql: """
            UPDATE streams SET version = ?, last_position = ?, last_updated = ?, last_event_type = ?
            WHERE stream_id = ?
            """)
        insertStream = try db.cachedStatement(sql: """
            INSERT INTO streams (stream_id, category, version, last_position, last_updated, last_event_type)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        // GRDB executes a statement without arguments only once it holds some: give each its
        // count of NULLs, which ``Statement/bindEach(_:)`` then overwrites row by row.
        // Once per statement: GRDB's cache hands the same statement to every later group.
        for statement in [insertEvent, updateStream, insertStream] where statement.arguments.isEmpty {
            statement.setUncheckedArguments(StatementArguments(
                Array(repeating: DatabaseValue.null, count: Int(sqlite3_bind_parameter_count(statement.sqliteStatement)))))
        }
    }
}

extension Statement {
    /// Binds this row's values, in order from the first parameter, straight through SQLite's
    /// C API: no `StatementArguments` array and no existential box per value, which were a
    /// tenth of the writer's time. `execute()` then runs it with the values bound here (GRDB
    /// keeps the bindings: it resets the statement, never clears it, once it holds arguments).
    ///
    /// Call it only on a statement whose last step succeeded (a failed one is dropped: see
    /// ``GroupContext/rollBack(to:)``).
    /// - Throws: `DatabaseError` when SQLite refuses a value (it copies each one).
    func bindEach(_ body: (inout ArgumentBinder) -> Void) throws {
        _ = sqlite3_reset(sqliteStatement)
        var binder = ArgumentBinder(handle: sqliteStatement)
        body(&binder)
        guard binder.failure == SQLITE_OK else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: binder.failure), message: "binding argument \(binder.failedIndex) of \(sql)", sql: sql)
        }
    }
}

extension Statement {
    /// Runs a statement that returns no rows once, with the values ``bindEach(_:)`` bound,
    /// straight through `sqlite3_step`: GRDB's `execute()` around it (its scheduling and
    /// suspension checks, authorizer and observation bookkeeping) cost as much as the step on
    /// the writer thread, and the store registers no observers for it to notify.
    /// - Throws: `DatabaseError` with SQLite's extended result code (a UNIQUE constraint is
    ///   `SQLITE_CONSTRAINT_UNIQUE`).
    func stepOnce(_ db: Database) throws {
        let code = sqlite3_step(sqliteStatement)
        guard code == SQLITE_DONE else {
            let connection = db.sqliteConnection
            let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
            let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            _ = sqlite3_reset(sqliteStatement)
            throw DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: sql)
        }
    }
}

/// Binds values one after the other to a statement's parameters (see ``Statement/bindEach(_:)``).
struct ArgumentBinder {
    let handle: SQLiteStatement
    private var index: CInt = 1
    private(set) var failure: CInt = SQLITE_OK
    private(set) var failedIndex: CInt = 0

    init(handle: SQLiteStatement) { self.handle = handle }

    mutating func callAsFunction(_ value: some StatementBinding) {
        let code = value.bind(to: handle, at: index)
        if code != SQLITE_OK, failure == SQLITE_OK { (failure, failedIndex) = (code, index) }
        index += 1
    }
}
