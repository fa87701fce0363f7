import EventScope
import Foundation
import EventScopeRedis
/// A throwaway store of the same kind as a location, so measuring never touches the user's
/// data: for SQLite a fresh file next to the chosen one (same disk, same durability); for
/// Redis a fresh key prefix on the same server; for memory a new store.
/// ``appendCeiling(_:)`` measures the backend's own limit in the same conditions.
public struct ScratchStore: Sendable {
    /// The location the scratch store stands in for.
    public let origin: StoreLocation
    /// Where the scratch store is.
    public let location: StoreLocation
    /// The scratch store, open.
    public let store: any EventStore

    /// Opens a scratch store of `origin`'s kind.
    /// - Throws: the errors of ``StoreLocation/open()``.
    public static func make(like origin: StoreLocation) async throws -> ScratchStore {
        let location: StoreLocation
        switch origin {
        case .memory:
            location = .memory
        case .redis(var url):
            url.prefix = "eventscope-bench-\(UUID().uuidString.prefix(8))"
            location = .redis(url)
        case .sqlite(let path, let durable):
            location = .sqlite(path: scratchPath(near: path, label: "events"), durable: durable)
        }
        return ScratchStore(origin: origin, location: location, store: try await location.open())
    }

    /// What people see as the store measured.
    public var description: String {
        switch location {
        case .memory: return "memory:"
        case .redis: return store.displayName
        case .sqlite(_, let durable):
            guard case .sqlite(let chosen, _) = origin else { return location.description }
            return "sqlite:\(chosen) (scratch file alongside, synchronous=\(durable ? "FULL" : "NORMAL"))"
        }
    }

    /// Deletes the scratch store's data (its file, or its Redis keys) and closes it.
    public func finish() async {
        if let redis = store as? RedisEventStore { _ = try? await redis.deleteAll() }
        await store.close()
        if case .sqlite(let path, _) = location { Self.remove(path) }
    }

    static func scratchPath(near path: String, label: String) -> String {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        return directory.appendingPathComponent(".eventscope-bench-\(label)-\(UUID().uuidString.prefix(8)).sqlite").path
    }

    static func remove(_ file: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
    }
}
