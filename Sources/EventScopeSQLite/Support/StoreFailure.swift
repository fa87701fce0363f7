import EventScope
import Foundation
import GRDB

/// Turns SQLite's errors into ``EventStoreError``s that name the file and say what to do.
enum StoreFailure {
    /// Maps any error thrown while using the database at `path`.
    /// `EventStoreError`s and cancellation pass through unchanged.
    static func map(_ error: any Error, path: String, busyTimeout: Double) -> any Error {
        if error is EventStoreError || error is CancellationError { return error }
        guard let db = error as? DatabaseError else {
            return EventStoreError.unavailable("SQLite store \(path): \(error)")
        }
        switch db.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return EventStoreError.unavailable(
                "\(path) is locked by another process (waited \(formatted(busyTimeout)) s); "
                    + "try again when the other writer has finished, or stop it")
        case .SQLITE_FULL:
            return EventStoreError.unavailable(
                "the disk holding \(path) is full (or the database reached its size limit); "
                    + "nothing of the failed write was stored: free some space and retry")
        case .SQLITE_NOTADB:
            return EventStoreError.invalid(
                "\(path) is not an SQLite database (or it is encrypted or damaged); "
                    + "move it away or choose another path with --store sqlite:PATH")
        case .SQLITE_CORRUPT:
            return EventStoreError.invalid(
                "\(path) is damaged (SQLite reports corruption: \(db.message ?? "no detail")); "
                    + "restore it from a backup or choose another path")
        case .SQLITE_READONLY, .SQLITE_PERM:
            return EventStoreError.unavailable(
                "\(path) cannot be written (read-only file or directory): "
                    + "check its permissions and those of its directory, which must be writable for the -wal and -shm files")
        case .SQLITE_CANTOPEN:
            return EventStoreError.unavailable(
                "cannot open \(path): \(db.message ?? "unable to open database file"); "
                    + "check that its directory exists and is writable")
        case .SQLITE_IOERR:
            return EventStoreError.unavailable(
                "input/output error on \(path) (\(db.message ?? "disk I/O error")); check the disk and retry")
        default:
            return EventStoreError.unavailable("SQLite store \(path): \(db.message ?? db.description)")
        }
    }

    /// Checks the place of a database file before SQLite tries it, for a precise message.
    /// - Throws: `EventStoreError.invalid` for a missing directory or a path that is a
    ///   directory; `.unavailable` for a directory that cannot be written.
    static func checkLocation(_ path: String) throws {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw EventStoreError.invalid("\(path) is a directory, not a database file; give a file path, e.g. sqlite:\(path)/eventscope.sqlite")
        }
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EventStoreError.invalid(
                "cannot create \(path): directory \(directory) does not exist; create it (mkdir -p \(directory)) or choose another path")
        }
        if !fm.isWritableFile(atPath: directory) {
            // WAL mode needs to create \(path)-wal and -shm next to the file.
            throw EventStoreError.unavailable(
                "cannot write in \(directory) (read-only directory), which \(path) needs for its data and -wal/-shm files; "
                    + "choose a writable directory or fix its permissions")
        }
        if fm.fileExists(atPath: path), !fm.isWritableFile(atPath: path) {
            throw EventStoreError.unavailable("\(path) is read-only; fix its permissions (chmod u+w) or choose another file")
        }
    }

    private static func formatted(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
