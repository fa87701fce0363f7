import EventSourcing
import RedisEventStore

/// Opens the Redis store named by a `redis://[[user]:password@]host[:port][/db][?prefix=NAME]` URL.
///
/// - Throws: `EventStoreError.invalid` for a bad URL, a wrong password or a server that is not
///   Redis; `.unavailable` when the server cannot be reached.
func openRedisStore(_ url: String) async throws -> any EventStore {
    try await RedisEventStore.open(url)
}

/// Measures the Redis server's own limit for a pipelined equivalent of the append script
/// (appends per second), for `eventscope bench`: `rows` single-event appends spread over
/// `streams` streams, pipelined 100 deep on one connection, under a temporary prefix that is
/// deleted afterwards.
func redisServerLimit(_ url: String, rows: Int, streams: Int) async throws -> Double {
    try await RedisEventStore.serverLimit(url, events: rows, streams: streams, depth: 100)
}

/// Deletes everything a Redis store holds (every key under its prefix), e.g. the scratch
/// prefix `eventscope bench` measured with. Does nothing for other kinds of store.
func deleteRedisStoreData(_ store: any EventStore) async throws {
    guard let redis = store as? RedisEventStore else { return }
    try await redis.deleteAll()
}
