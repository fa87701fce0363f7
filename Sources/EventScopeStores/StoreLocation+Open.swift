import EventScope
import EventScopeRedis
import EventScopeSQLite
extension StoreLocation {
    /// Opens the store here: the one place every command and the bench open stores.
    ///
    /// - Throws: the backend's own errors when it cannot open — `EventStoreError.invalid`
    ///   (a file that is not a store, a wrong password) or `.unavailable` (a locked file, an
    ///   unreachable server); the messages name the file or server and what to do.
    /// - Parameter mustExist: for readers: a store that does not exist yet is an error
    ///   (`EventStoreError.unavailable` naming the path) instead of being created empty. Only
    ///   a file can be created by opening; a Redis server or memory are there or not.
    public func open(mustExist: Bool = false) async throws -> any EventStore {
        switch self {
        case .memory:
            return InMemoryEventStore()
        case .redis(let url):
            return try await RedisEventStore.open(url)
        case .sqlite(let path, let durable):
            return try await SQLiteEventStore.open(path: path, options: SQLiteEventStore.Options(durable: durable, createIfMissing: !mustExist))
        }
    }
}
