import EventSourcing
import Foundation
import SQLiteEventStore

/// Opens the store a URL names: `sqlite:PATH[?sync=normal]`, `memory:` or `redis://…`.
///
/// - Throws: `EventStoreError.invalid` for a URL that names no known store (the message says
///   which forms work); the backend's own errors when it cannot open (a locked or unreadable
///   file, an unreachable server).
func openStore(_ url: String) async throws -> any EventStore {
    let location: StoreLocation
    do {
        location = try StoreLocation(url)
    } catch {
        throw EventStoreError.invalid(error.description)
    }
    switch location {
    case .memory:
        return InMemoryEventStore()
    case .redis(let url):
        return try await openRedisStore(url)
    case .sqlite(let path, let durable):
        return try await SQLiteEventStore.open(path: path, options: SQLiteEventStore.Options(durable: durable))
    }
}
