import EventScope
import Foundation
import GRDB
import GRDBSQLite

/// Reads `events` rows selected with ``EventRow/columns`` straight from SQLite's C API: one
/// `Data` per event for its bytes and nothing else that a run of similar rows can share.
///
/// A page of history is mostly rows of a few streams, types, metadata texts and commit times,
/// so each of those is compared, as bytes, with the previous row's before a Swift value is made;
/// the event id is parsed from its 36 bytes without an intermediate `String`. What GRDB's `Row`
/// costs per column (a `DatabaseValue`, a `String` or `Data` each) was most of a read's time.
struct EventRowReader {
    private var stream = Shared<StreamID>()
    private var types: [Shared<EventType>] = []
    private var metadata = Shared<EventMetadata>()
    private var recorded = Shared<Date>()

    /// A value made from some bytes, kept with them to be reused by the next equal bytes.
    private struct Shared<Value> {
        var bytes: [UInt8] = []
        var value: Value?

        func matches(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Bool {
            guard value != nil, bytes.count == n else { return false }
            guard n > 0, let p else { return true }
            return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, p, n) == 0 }
        }

        mutating func set(_ p: UnsafePointer<UInt8>?, _ n: Int, _ value: Value) {
            bytes = n > 0 && p != nil ? Array(UnsafeBufferPointer(start: p, count: n)) : []
            self.value = value
        }
    }

    /// Runs `statement` (a SELECT of ``EventRow/columns``) with `arguments` and decodes every row.
    static func fetchAll(_ statement: Statement, arguments: StatementArguments, capacity: Int = 0) throws -> [RecordedEvent] {
        let stmt = statement.sqliteStatement
        // A statement whose last step failed reports that failure on reset: ignore it here.
        sqlite3_reset(stmt)
        statement.setUncheckedArguments(arguments)
        defer { sqlite3_reset(stmt) }
        var reader = EventRowReader()
        var result: [RecordedEvent] = []
        result.reserveCapacity(capacity)
        while true {
            let code = sqlite3_step(stmt)
            if code == SQLITE_DONE { return result }
            guard code == SQLITE_ROW else {
                let db = sqlite3_db_handle(stmt)
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db)),
                    message: db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }, sql: statement.sql)
            }
            result.append(reader.decode(stmt))
        }
    }

    private static func text(_ stmt: OpaquePointer?, _ column: Int32) -> (UnsafePointer<UInt8>?, Int) {
        // Text first, then its length (the order SQLite documents).
        let p = sqlite3_column_text(stmt, column)
        return (p.map { UnsafePointer($0) }, Int(sqlite3_column_bytes(stmt, column)))
    }

    private static func string(_ p: UnsafePointer<UInt8>?, _ n: Int) -> String {
        guard let p, n > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    mutating func decode(_ stmt: OpaquePointer?) -> RecordedEvent {
        let position = sqlite3_column_int64(stmt, 0)
        let (idP, idN) = Self.text(stmt, 1)
        let eventID = idP.flatMap { UUIDText.parse(UnsafeRawBufferPointer(start: $0, count: idN)) }

        let (sP, sN) = Self.text(stmt, 2)
        if !stream.matches(sP, sN) { stream.set(sP, sN, StreamID(Self.string(sP, sN))) }
        let version = sqlite3_column_int64(stmt, 3)

        let (tP, tN) = Self.text(stmt, 4)
        let type: EventType
        if let known = types.first(where: { $0.matches(tP, tN) }) {
            type = known.value!
        } else {
            type = EventType(Self.string(tP, tN))
            var entry = Shared<EventType>()
            entry.set(tP, tN, type)
            if types.count >= 16 { types.removeFirst() }
            types.append(entry)
        }

        // Data keeps the stored bytes exactly, TEXT or BLOB.
        let dataP = sqlite3_column_blob(stmt, 5)
        let dataN = Int(sqlite3_column_bytes(stmt, 5))
        let data = dataP.map { Data(bytes: $0, count: dataN) } ?? Data()

        let (mP, mN) = Self.text(stmt, 6)
        if !metadata.matches(mP, mN) {
            metadata.set(mP, mN, MetadataJSON.decode(UnsafeRawBufferPointer(start: mP, count: mP == nil ? 0 : mN)))
        }
        let (rP, rN) = Self.text(stmt, 7)
        if !recorded.matches(rP, rN) {
            recorded.set(rP, rN, (Timestamp(text: Self.string(rP, rN)) ?? Timestamp(milliseconds: 0)).date)
        }
        return RecordedEvent(
            eventID: eventID ?? EventRow.malformedID,
            streamID: stream.value!,
            version: StreamVersion(version),
            position: GlobalPosition(position),
            type: type,
            data: data,
            metadata: metadata.value!,
            recordedAt: recorded.value!,
            problem: eventID == nil ? "malformed event id \"\(Self.string(idP, idN))\"" : nil)
    }
}
