import EventSourcing

// Stub: the Redis engineer replaces this file (RedisEventStore wiring for the CLI).

/// Opens the Redis store named by a `redis://` URL.
func openRedisStore(_ url: String) async throws -> any EventStore {
    throw EventStoreError.invalid("the Redis store is not built yet")
}

/// Measures the Redis server's own limit for a pipelined equivalent of the append script
/// (appends per second), for `eventscope bench`.
func redisServerLimit(_ url: String, rows: Int, streams: Int) async throws -> Double {
    throw EventStoreError.invalid("the Redis store is not built yet")
}
