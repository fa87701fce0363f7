import EventScope

/// Messages for Redis error replies, in the terms of the store.
enum RedisErrors {
    /// A read command answered with an error.
    static func readFailed(key: String, message: String) -> EventStoreError {
        if message.hasPrefix("WRONGTYPE") {
            return .invalid("the Redis key \(key) holds another kind of value (\(message)); it was not written by EventScope. Use another ?prefix= in the store URL.")
        }
        return serverError(message, doing: "reading \(key)")
    }

    /// Any error reply, classified as transient (`unavailable`) or not (`invalid`).
    static func serverError(_ message: String, doing what: String) -> EventStoreError {
        for transient in ["LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN", "OOM"] where message.hasPrefix(transient) {
            return .unavailable("Redis could not finish \(what): \(message); try again in a moment")
        }
        if message.hasPrefix("READONLY") {
            return .invalid("Redis refused \(what): \(message). Point the store URL at the primary, not a replica.")
        }
        if message.hasPrefix("NOAUTH") || message.hasPrefix("NOPERM") || message.hasPrefix("WRONGPASS") {
            return .invalid("Redis refused \(what): \(message). Check the user and password in the store URL.")
        }
        return .invalid("Redis refused \(what): \(message)")
    }
}
