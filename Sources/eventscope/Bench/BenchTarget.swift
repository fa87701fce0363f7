import EventSourcing
import Foundation
import SQLiteEventStore

/// A scratch store of the chosen kind for `eventscope bench`, so measuring never touches the
/// user's data: for SQLite a fresh file next to the chosen one (same disk, same durability);
/// for Redis a fresh key prefix; for memory a new store. ``limit(rows:streams:)`` measures the
/// backend's own ceiling in the same conditions.
struct BenchTarget {
    let store: any EventStore
    let location: StoreLocation
    private let scratchFiles: [String]

    static func make(_ url: String) async throws -> BenchTarget {
        let location: StoreLocation
        do { location = try StoreLocation(url) } catch { throw EventStoreError.invalid(error.description) }
        switch location {
        case .memory:
            return BenchTarget(store: InMemoryEventStore(), location: location, scratchFiles: [])
        case .redis(let url):
            // Always a fresh prefix of our own (deleted afterwards), never the user's keys.
            let scratch = scratchRedisURL(url, prefix: "eventscope-bench-\(UUID().uuidString.prefix(8))")
            return BenchTarget(store: try await openRedisStore(scratch), location: .redis(url: scratch), scratchFiles: [])
        case .sqlite(let path, let durable):
            let scratch = scratchPath(near: path, label: "events")
            let store = try await SQLiteEventStore.open(path: scratch, options: SQLiteEventStore.Options(durable: durable))
            return BenchTarget(store: store, location: location, scratchFiles: [scratch])
        }
    }

    /// What people see as the store benchmarked.
    var description: String {
        switch location {
        case .memory: return "memory:"
        case .redis(let url): return store.displayName.isEmpty ? url : store.displayName
        case .sqlite(let path, let durable):
            return "sqlite:\(path) (scratch file alongside, synchronous=\(durable ? "FULL" : "NORMAL"))"
        }
    }

    /// How ``limit(rows:streams:)`` measures, for people.
    var limitDescription: String {
        switch location {
        case .memory: return "1,000-event appends straight to the store"
        case .redis: return "the append script pipelined 100 deep on one connection"
        case .sqlite: return "plain INSERTs, 1,000 per transaction"
        }
    }

    /// The backend's own ceiling, appends (rows) per second.
    func limit(rows: Int, streams: Int) async throws -> Double {
        switch location {
        case .memory:
            return try await InMemoryLimit.measure(rows: rows, streams: streams)
        case .redis(let url):
            return try await redisServerLimit(url, rows: rows, streams: streams)
        case .sqlite(let path, let durable):
            let scratch = Self.scratchPath(near: path, label: "limit")
            defer { Self.remove(scratch) }
            return try await SQLiteInsertLimit.measure(path: scratch, durable: durable, rows: rows, streams: streams)
        }
    }

    /// Deletes the scratch store's data (files, or Redis keys under its prefix) and closes it.
    func finish() async {
        try? await deleteRedisStoreData(store)
        await store.close()
        for file in scratchFiles { Self.remove(file) }
    }

    /// `url` with its `prefix=` query item replaced by (or extended with) `prefix`.
    static func scratchRedisURL(_ url: String, prefix: String) -> String {
        guard let q = url.firstIndex(of: "?") else { return url + "?prefix=" + prefix }
        let base = url[..<q]
        var items = url[url.index(after: q)...].split(separator: "&").filter { !$0.hasPrefix("prefix=") }.map(String.init)
        items.append("prefix=" + prefix)
        return base + "?" + items.joined(separator: "&")
    }

    private static func scratchPath(near path: String, label: String) -> String {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        return directory.appendingPathComponent(".eventscope-bench-\(label)-\(UUID().uuidString.prefix(8)).sqlite").path
    }

    private static func remove(_ file: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
    }
}
