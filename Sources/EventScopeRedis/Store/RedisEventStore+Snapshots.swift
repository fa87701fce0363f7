import EventScope
import Foundation

/// Snapshots under the prefix: the latest in a hash `P:snapshot:<stream>`, the kept history
/// (``SnapshotHistory``, the latest included) in `P:snapshot-versions:<stream>` (a sorted set
/// scored by version) and `P:snapshot-history:<stream>` (a hash, four fields per version), and
/// the index `P:snapshots` (a sorted set, score 0, ordered by name). A store written before the
/// history has only the latest hash; it is read as a history of one.
extension RedisEventStore: SnapshotStore {
    /// Reads the kept versions, then in one `MULTI`/`EXEC`: `HSET` of the latest, the snapshot
    /// added to the history, the versions past it and those the thinning drops removed, and
    /// `ZADD` to the index. Two writers of one stream at once may leave a bucket with one
    /// snapshot more or less than the rule says; each kept snapshot is still one that was written.
    public func writeSnapshot(_ snapshot: StoredSnapshot) async throws {
        let stream = snapshot.streamID
        let key = keys.snapshot(stream)
        let versionsKey = keys.snapshotVersions(stream)
        let historyKey = keys.snapshotHistory(stream)
        let listed = try await run([RedisCommand("ZRANGE", versionsKey, "0", "-1")])[0]
        if let message = listed.errorMessage { throw RedisErrors.readFailed(key: versionsKey, message: message) }
        let stored = (listed.elements ?? []).compactMap(\.integer)
        let drop = SnapshotHistory.standard.dropped(whenWriting: snapshot.version.value, among: stored)

        let version = String(snapshot.version.value)
        let takenAt = Data(String(Int64((snapshot.takenAt.timeIntervalSince1970 * 1000).rounded(.down))).utf8)
        let fields: [(String, Data)] = [
            ("event_id", Data(snapshot.eventID.uuidString.utf8)), ("schema", Data(snapshot.schema.utf8)),
            ("state", snapshot.state), ("taken_at", takenAt),
        ]
        let latest = RedisCommand([Data("HSET".utf8), Data(key.utf8), Data("version".utf8), Data(version.utf8)]
            + fields.flatMap { [Data($0.0.utf8), $0.1] })
        let history = RedisCommand([Data("HSET".utf8), Data(historyKey.utf8)] + fields.flatMap { [Data("\(version):\($0.0)".utf8), $0.1] })
        var commands = [RedisCommand("MULTI"), latest, history, RedisCommand("ZADD", versionsKey, version, version)]
        if !drop.isEmpty {
            commands.append(RedisCommand(["ZREM", versionsKey] + drop.map { String($0) }))
            commands.append(RedisCommand(["HDEL", historyKey] + drop.flatMap { v in fields.map { "\(v):\($0.0)" } }))
        }
        commands += [RedisCommand("ZADD", keys.snapshots, "0", stream.rawValue), RedisCommand("EXEC")]
        let replies = try await run(commands)
        if let message = replies.lazy.compactMap(\.errorMessage).first {
            throw RedisErrors.serverError(message, doing: "writing the snapshot \(key)")
        }
    }

    /// The history's highest version at or before `version` (`ZREVRANGEBYSCORE`) and the latest
    /// hash in one pipeline; then that version's fields (`HMGET`) unless the latest is it.
    public func snapshot(of stream: StreamID, atOrBefore version: StreamVersion) async throws -> StoredSnapshot? {
        let versionsKey = keys.snapshotVersions(stream)
        let replies = try await run([
            RedisCommand("ZREVRANGEBYSCORE", versionsKey, String(version.value), "-inf", "LIMIT", "0", "1"),
            RedisCommand("HGETALL", keys.snapshot(stream)),
        ])
        if let message = replies[0].errorMessage { throw RedisErrors.readFailed(key: versionsKey, message: message) }
        let latest = try Self.decodeSnapshot(replies[1], stream: stream, key: keys.snapshot(stream))
        let usableLatest = latest.flatMap { $0.version <= version ? $0 : nil }
        guard let found = replies[0].elements?.first?.integer else { return usableLatest }
        if let usableLatest, usableLatest.version.value >= found { return usableLatest }
        let historyKey = keys.snapshotHistory(stream)
        let names = ["event_id", "schema", "state", "taken_at"]
        let reply = try await run([RedisCommand(["HMGET", historyKey] + names.map { "\(found):\($0)" })])[0]
        if let message = reply.errorMessage { throw RedisErrors.readFailed(key: historyKey, message: message) }
        let values = reply.elements ?? []
        guard values.contains(where: { $0 != .null }) else { return nil }
        var flat: [RedisReply] = [.string(Data("version".utf8)), .string(Data(String(found).utf8))]
        for (name, value) in zip(names, values) where value != .null { flat += [.string(Data(name.utf8)), value] }
        return try Self.decodeSnapshot(.array(flat), stream: stream, key: historyKey)
    }

    /// The history's versions and the latest's, in one pipeline.
    public func snapshotVersions(of stream: StreamID) async throws -> [StreamVersion] {
        let versionsKey = keys.snapshotVersions(stream)
        let replies = try await run([RedisCommand("ZRANGE", versionsKey, "0", "-1"), RedisCommand("HGET", keys.snapshot(stream), "version")])
        if let message = replies.lazy.compactMap(\.errorMessage).first { throw RedisErrors.readFailed(key: versionsKey, message: message) }
        var versions = Set((replies[0].elements ?? []).compactMap(\.integer))
        if let latest = replies[1].integer { versions.insert(latest) }
        return versions.sorted().map { StreamVersion($0) }
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
            RedisCommand("MULTI"),
            RedisCommand("DEL", keys.snapshot(stream), keys.snapshotVersions(stream), keys.snapshotHistory(stream)),
            RedisCommand("ZREM", keys.snapshots, stream.rawValue), RedisCommand("EXEC"),
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
