import EventScope
import Foundation

/// Snapshots under the prefix: a hash `P:snapshot:<stream>` per stream and the index
/// `P:snapshots` (a sorted set, score 0, ordered by name).
extension RedisEventStore: SnapshotStore {
    /// `HSET` of the snapshot's hash and `ZADD` to the index, in one `MULTI`/`EXEC`.
    public func writeSnapshot(_ snapshot: StoredSnapshot) async throws {
        let key = keys.snapshot(snapshot.streamID)
        let hset = RedisCommand([
            Data("HSET".utf8), Data(key.utf8),
            Data("version".utf8), Data(String(snapshot.version.value).utf8),
            Data("event_id".utf8), Data(snapshot.eventID.uuidString.utf8),
            Data("schema".utf8), Data(snapshot.schema.utf8),
            Data("state".utf8), snapshot.state,
            Data("taken_at".utf8), Data(String(Int64((snapshot.takenAt.timeIntervalSince1970 * 1000).rounded(.down))).utf8),
        ])
        let replies = try await run([
            RedisCommand("MULTI"), hset, RedisCommand("ZADD", keys.snapshots, "0", snapshot.streamID.rawValue), RedisCommand("EXEC"),
        ])
        if let message = replies.lazy.compactMap(\.errorMessage).first {
            throw RedisErrors.serverError(message, doing: "writing the snapshot \(key)")
        }
    }

    public func snapshot(of stream: StreamID) async throws -> StoredSnapshot? {
        let key = keys.snapshot(stream)
        let reply = try await run([RedisCommand("HGETALL", key)])[0]
        return try Self.decodeSnapshot(reply, stream: stream, key: key)
    }

    /// `ZRANGEBYLEX` on the index, then every hash in one pipeline.
    public func snapshots(after stream: StreamID?, limit: Int) async throws -> [StoredSnapshot] {
        guard limit > 0 else { return [] }
        let start = stream.map { "(" + $0.rawValue } ?? "-"
        let names = try await run([RedisCommand("ZRANGEBYLEX", keys.snapshots, start, "+", "LIMIT", "0", String(limit))])[0]
        if let message = names.errorMessage { throw RedisErrors.readFailed(key: keys.snapshots, message: message) }
        let streams = (names.elements ?? []).compactMap(\.text).map { StreamID($0) }
        guard !streams.isEmpty else { return [] }
        let replies = try await run(streams.map { RedisCommand("HGETALL", keys.snapshot($0)) })
        var result: [StoredSnapshot] = []
        for (stream, reply) in zip(streams, replies) {
            if let s = try Self.decodeSnapshot(reply, stream: stream, key: keys.snapshot(stream)) { result.append(s) }
        }
        return result
    }

    public func deleteSnapshot(of stream: StreamID) async throws {
        _ = try await run([
            RedisCommand("MULTI"), RedisCommand("DEL", keys.snapshot(stream)), RedisCommand("ZREM", keys.snapshots, stream.rawValue), RedisCommand("EXEC"),
        ])
    }

    /// A snapshot hash; fields that are missing or malformed are read as empty, so that the
    /// schema check reports the record instead of a reader failing on it.
    static func decodeSnapshot(_ reply: RedisReply, stream: StreamID, key: String) throws -> StoredSnapshot? {
        if let message = reply.errorMessage { throw RedisErrors.readFailed(key: key, message: message) }
        guard let flat = reply.elements, !flat.isEmpty else { return nil }
        var fields: [String: RedisReply] = [:]
        var i = 0
        while i + 1 < flat.count {
            if let name = flat[i].text { fields[name] = flat[i + 1] }
            i += 2
        }
        var state = Data()
        if case .string(let data)? = fields["state"] { state = data }
        return StoredSnapshot(
            streamID: stream,
            version: StreamVersion(fields["version"]?.integer ?? 0),
            eventID: fields["event_id"]?.text.flatMap(UUID.init(uuidString:)) ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
            schema: fields["schema"]?.text ?? "",
            state: state,
            takenAt: EventEntry.date(milliseconds: fields["taken_at"]?.integer ?? 0))
    }
}
