import EventScope
import Foundation
import GRDB
import EventScopeSQLite
/// Where read models are kept, and the one place that decides it from the store's kind:
/// in the SQLite store's own file (the `sqlite3` shell shows events and read models side by
/// side); for a Redis or in-memory store, in an SQLite file of their own — as in the original
/// design, where events lived in Redis and the read model in a SQL database.
///
/// `--read-models sqlite:PATH` names the file; without it, a Redis store's read models go to
/// ``defaultPath`` in the working directory and an in-memory store's to a temporary file
/// deleted when they are closed (they describe a store that dies with the process).
public struct ReadModelLocation: Sendable, Equatable, CustomStringConvertible {
    /// The file used for a Redis store's read models when none is given.
    public static let defaultPath = "eventscope-read-models.sqlite"
    /// The file named by `--read-models`, or `nil` for the default.
    public let path: String?

    /// The default location (see the type's documentation).
    public init() { path = nil }

    /// Parses `sqlite:PATH` (or `sqlite://PATH`).
    /// - Throws: ``StoreLocationError`` when the text is not of that form.
    public init(_ text: String) throws(StoreLocationError) {
        var rest = text.trimmingCharacters(in: .whitespaces)
        guard rest.hasPrefix("sqlite:") else {
            throw StoreLocationError(url: text, reason: "read models live in SQLite: use sqlite:PATH, e.g. sqlite:\(Self.defaultPath)")
        }
        rest.removeFirst("sqlite:".count)
        if rest.hasPrefix("//") { rest.removeFirst(2) }
        guard !rest.isEmpty, !rest.contains("?") else {
            throw StoreLocationError(url: text, reason: "expected sqlite:PATH with a file path and no options")
        }
        path = rest
    }

    public var description: String { path.map { "sqlite:\($0)" } ?? "default" }

    /// Opens the database the read models of `store` (opened from `location`) live in.
    /// - Throws: the SQLite errors of opening a file (`EventStoreError.unavailable`/`.invalid`).
    public func open(for store: any EventStore, at location: StoreLocation) async throws -> ReadModelDatabase {
        if let path {
            return ReadModelDatabase(writer: try await SQLiteReadModel.openDatabase(path: path), description: "sqlite:\(path)", temporary: nil)
        }
        switch location {
        case .sqlite(let path, _):
            guard let sqlite = store as? SQLiteEventStore else { break }
            return ReadModelDatabase(writer: sqlite.database, description: "sqlite:\(path) (the store's own file)", temporary: nil)
        case .redis:
            return ReadModelDatabase(writer: try await SQLiteReadModel.openDatabase(path: Self.defaultPath), description: "sqlite:\(Self.defaultPath)", temporary: nil)
        case .memory:
            break
        }
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("eventscope-read-models-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8)).sqlite").path
        return ReadModelDatabase(writer: try await SQLiteReadModel.openDatabase(path: temporary), description: "a temporary file (the store is in memory)", temporary: temporary)
    }
}

/// An open database of read models.
public struct ReadModelDatabase: Sendable {
    /// The database.
    public let writer: any DatabaseWriter
    /// Where it is, for people.
    public let description: String
    /// A file to delete on ``close()``.
    let temporary: String?

    /// Deletes a temporary file (the database must not be used afterwards).
    public func close() {
        guard let temporary else { return }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
    }
}
