import EventScope
import Foundation

extension RedisEventStore {
    /// `XRANGE` on the global stream from `<position>-0`; the next pages of a reader going
    /// through history come from ``ReadAhead``.
    public func readAll(from position: GlobalPosition, limit: Int) async throws -> [RecordedEvent] {
        guard limit > 0 else { return [] }
        let start = max(0, position.value)
        let readAheadAfter: @Sendable ([RecordedEvent]) -> Void = { [self] page in
            guard page.count == limit, limit >= ReadAhead.minimumLimit, let last = page.last else { return }
            for i in 0..<ReadAhead.depth {
                let next = last.position.value + 1 + Int64(i * limit)
                readAhead.offer(.all(start: next, limit: limit)) { [self] in try await fetchAll(from: next, limit: limit) }
            }
        }
        if let fetched = await prefetched(.all(start: start, limit: limit), limit: limit, then: readAheadAfter) {
            return fetched
        }
        let page = try await fetchAll(from: start, limit: limit)
        readAheadAfter(page)
        return page
    }

    /// One `XRANGE … COUNT limit` of the global stream from `start` (`< 1`: the first entry).
    private func fetchAll(from start: Int64, limit: Int) async throws -> [RecordedEvent] {
        let from = start < 1 ? "-" : RedisKeys.entryID(start)
        let reply = try await run([RedisCommand.entries("XRANGE", keys.all, from, "+", "COUNT", String(limit))])[0]
        return try EventEntry.decodeList(reply, key: keys.all)
    }

    /// The page ``ReadAhead`` fetched for `key`, if it is full and its last entry is still in
    /// `P:all` as fetched (checked now, during the caller's read: see ``ReadAhead``); `nil`
    /// otherwise, and the caller reads as usual (which also reports any error).
    /// `then` gets the page before the check, to start reading the pages after it meanwhile
    /// (a failed check drops them with the rest).
    private func prefetched(
        _ key: ReadAhead.Key, limit: Int, then readAheadAfter: ([RecordedEvent]) -> Void
    ) async -> [RecordedEvent]? {
        guard let task = readAhead.take(key), let page = try? await task.value, page.count == limit, let last = page.last
        else { return nil }
        readAheadAfter(page)
        let id = RedisKeys.entryID(last.position.value)
        guard let reply = try? await run([RedisCommand.entries("XRANGE", keys.all, id, id)])[0],
            case .entries(let found) = reply, found.count == 1,
            found[0].eventID == last.eventID, found[0].recordedAt == last.recordedAt
        else {
            readAhead.clear()
            return nil
        }
        return page
    }

    /// `XREVRANGE` on the global stream down from `<position>-0` (or the newest).
    public func readAllBackward(from position: GlobalPosition?, limit: Int) async throws -> [RecordedEvent] {
        guard limit > 0 else { return [] }
        var end = "+"
        if let position {
            guard position.value >= 1 else { return [] }
            end = RedisKeys.entryID(position.value)
        }
        let reply = try await run([RedisCommand.entries("XREVRANGE", keys.all, end, "-", "COUNT", String(limit))])[0]
        return try EventEntry.decodeList(reply, key: keys.all)
    }

    /// The stream's positions (`LRANGE`), then their entries in one pipeline.
    /// The next pages of a reader going through a long stream come from ``ReadAhead``.
    public func read(_ stream: StreamID, from version: StreamVersion, limit: Int) async throws -> [RecordedEvent] {
        guard limit > 0 else { return [] }
        let start = max(0, version.value - 1)
        let readAheadAfter: @Sendable ([RecordedEvent]) -> Void = { [self] page in
            guard page.count == limit, limit >= ReadAhead.minimumLimit else { return }
            for i in 1...ReadAhead.depth {
                let next = start + Int64(i * limit)
                readAhead.offer(.stream(stream, start: next, limit: limit)) { [self] in try await fetch(stream, from: next, limit: limit) }
            }
        }
        if let fetched = await prefetched(.stream(stream, start: start, limit: limit), limit: limit, then: readAheadAfter) {
            return fetched
        }
        let page = try await fetch(stream, from: start, limit: limit)
        readAheadAfter(page)
        return page
    }

    /// A stream's events from list index `start` (version `start + 1`): `LRANGE`, then `XRANGE`s.
    private func fetch(_ stream: StreamID, from start: Int64, limit: Int) async throws -> [RecordedEvent] {
        let positions = try await positions(of: stream, from: start, to: start + Int64(limit) - 1)
        return try await events(at: positions)
    }

    /// As ``read(_:from:limit:)``, newest first.
    public func readBackward(_ stream: StreamID, from version: StreamVersion?, limit: Int) async throws -> [RecordedEvent] {
        guard limit > 0 else { return [] }
        let positions: [Int64]
        if let version {
            // The list is indexed by version - 1; clamp the top to the stream's length first.
            let length = try await run([RedisCommand("LLEN", keys.positions(stream))])[0]
            if let message = length.errorMessage { throw RedisErrors.readFailed(key: keys.positions(stream), message: message) }
            let top = min(version.value, length.integer ?? 0)
            guard top >= 1 else { return [] }
            positions = try await self.positions(of: stream, from: max(0, top - Int64(limit)), to: top - 1)
        } else {
            positions = try await self.positions(of: stream, from: -Int64(limit), to: -1)
        }
        return try await events(at: positions.reversed())
    }

    /// The stream's `P:stream-info:<stream>` hash as a listing row.
    public func streamInfo(_ stream: StreamID) async throws -> StreamInfo? {
        let reply = try await run([RedisCommand("HGETALL", keys.info(stream))])[0]
        return try decodeInfo(reply, key: keys.info(stream))
    }

    // MARK: - Helpers

    /// `LRANGE` of a stream's position list (indices as Redis takes them, negatives from the end).
    private func positions(of stream: StreamID, from start: Int64, to end: Int64) async throws -> [Int64] {
        let key = keys.positions(stream)
        let reply = try await run([RedisCommand("LRANGE", key, String(start), String(end))])[0]
        if let message = reply.errorMessage { throw RedisErrors.readFailed(key: key, message: message) }
        return (reply.elements ?? []).compactMap(\.integer)
    }

    /// The events at `positions` (ascending or descending), in that order, fetched in one
    /// pipeline: one `XRANGE` per run of consecutive positions, so a stream written alone or
    /// in batches costs a few commands per page, not one per event.
    func events(at positions: [Int64]) async throws -> [RecordedEvent] {
        guard !positions.isEmpty else { return [] }
        let ascending = positions.count < 2 || positions[0] < positions[1]
        let sorted = ascending ? positions : positions.reversed()
        var runs: [ClosedRange<Int64>] = []
        var first = sorted[0]
        var last = first
        for p in sorted.dropFirst() {
            if p == last + 1 {
                last = p
            } else {
                runs.append(first...last)
                first = p
                last = p
            }
        }
        runs.append(first...last)
        let commands = runs.map { run in
            RedisCommand.entries("XRANGE", keys.all, RedisKeys.entryID(run.lowerBound), RedisKeys.entryID(run.upperBound))
        }
        var events: [RecordedEvent] = []
        events.reserveCapacity(sorted.count)
        for reply in try await run(commands) {
            events += try EventEntry.decodeList(reply, key: keys.all)
        }
        guard events.count == sorted.count, events.map(\.position.value) == sorted else {
            throw EventStoreError.invalid("the Redis key \(keys.all) lacks entries that a stream's position list names; was it trimmed or deleted?")
        }
        return ascending ? events : events.reversed()
    }

    /// A `HGETALL` of a stream-info hash as a listing row (`nil` when the hash is empty).
    func decodeInfo(_ reply: RedisReply, key: String) throws -> StreamInfo? {
        if let message = reply.errorMessage { throw RedisErrors.readFailed(key: key, message: message) }
        guard let flat = reply.elements, !flat.isEmpty else { return nil }
        var fields: [String: RedisReply] = [:]
        var i = 0
        while i + 1 < flat.count {
            if let name = flat[i].text { fields[name] = flat[i + 1] }
            i += 2
        }
        guard let stream = fields["stream"]?.text, let version = fields["version"]?.integer,
            let last = fields["last_position"]?.integer
        else {
            throw EventStoreError.invalid("the Redis key \(key) lacks stream, version or last_position; was it written by something else?")
        }
        return StreamInfo(
            streamID: StreamID(stream), version: StreamVersion(version), lastPosition: GlobalPosition(last),
            lastUpdated: EventEntry.date(milliseconds: fields["last_updated"]?.integer ?? 0),
            lastEventType: EventType(fields["last_type"]?.text ?? ""))
    }
}
