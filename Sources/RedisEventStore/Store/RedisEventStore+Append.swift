import EventSourcing
import Foundation

extension RedisEventStore {
    /// Appends with one call of the append script (see ``AppendScript``), atomically.
    ///
    /// When the reply is lost (the connection broke after the call was sent), the same call —
    /// same event ids — is sent again until the server answers (up to 20 s): it either writes
    /// the events or finds them stored, so they land exactly once. A call that never reached
    /// the server fails at once.
    /// - Throws: ``EventStoreError/wrongExpectedVersion(stream:expected:actual:)``,
    ///   ``EventStoreError/duplicateEventID(stream:eventID:)``, ``EventStoreError/unavailable(_:)``.
    public func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion) async throws -> AppendResult {
        let command = appendCommand(events, to: stream, expected: expected)
        let started = ContinuousClock.now
        var inDoubt: String?
        var delay = Duration.milliseconds(50)
        while true {
            do {
                let reply = try await runScript(command)
                let result = try decodeAppend(reply, events: events, stream: stream, expected: expected)
                if let last = result.events.last { signal.advance(to: last.position) }
                return result
            } catch RedisTransportError.notSent(let error) {
                // Nothing reached the server: safe to report at once, unless an earlier attempt
                // may have landed, in which case only the server can tell us.
                guard let doubt = inDoubt else { throw error }
                if ContinuousClock.now - started > inDoubtLimit || Task.isCancelled {
                    throw inDoubtError(stream, doubt)
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .milliseconds(500))
            } catch RedisTransportError.replyLost(let message) {
                // The script may have run. Retrying with the same event ids is safe: if it
                // did run, the script returns the stored events instead of writing again.
                inDoubt = message
                if ContinuousClock.now - started > inDoubtLimit { throw inDoubtError(stream, message) }
            }
        }
    }

    private func inDoubtError(_ stream: StreamID, _ message: String) -> EventStoreError {
        .unavailable("\(message); the append to \(stream) may or may not have been stored. Appending the same events again (same ids) is safe: it lands at most once.")
    }

    /// `EVALSHA` of the append script; reloads the script once when the server lost it.
    private func runScript(_ command: RedisCommand) async throws -> RedisReply {
        let reply = try await pool.run([command])[0]
        guard let message = reply.errorMessage, message.hasPrefix("NOSCRIPT") else { return reply }
        // The server restarted or its script cache was flushed: load and call in one pipeline.
        let replies = try await pool.run([RedisCommand("SCRIPT", "LOAD", AppendScript.source), command])
        return replies[1]
    }

    private func appendCommand(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion) -> RedisCommand {
        let (kind, wanted): (String, Int64) =
            switch expected {
            case .any: ("any", 0)
            case .noStream: ("no", 0)
            case .streamExists: ("exists", 0)
            case .exact(let v): ("exact", v.value)
            }
        let category = stream.category
        let fixed = [
            "EVALSHA", scriptSHA, "9",
            keys.head, keys.all, keys.eventIDs, keys.streamsByRecent, keys.streamsByName,
            keys.categoryByRecent(category), keys.categoryByName(category), keys.positions(stream), keys.info(stream),
            stream.rawValue, category, kind, String(wanted), String(events.count),
        ]
        var writer = RedisCommandWriter(
            count: fixed.count + events.count * 4, capacity: 512 + events.reduce(0) { $0 + $1.data.count + 200 })
        for argument in fixed { writer.add(argument) }
        for event in events {
            writer.add(UUIDText.bytes(event.eventID))
            writer.add(event.type.rawValue)
            writer.add(event.data)
            writer.add(MetadataJSON.encode(event.metadata))
        }
        return writer.command
    }

    private func decodeAppend(_ reply: RedisReply, events: [ProposedEvent], stream: StreamID, expected: ExpectedVersion) throws -> AppendResult {
        if let message = reply.errorMessage {
            if let range = message.range(of: "EVENTSCOPE_WRONG_VERSION ") {
                let actual = Int64(message[range.upperBound...].prefix { $0.isNumber }) ?? 0
                throw EventStoreError.wrongExpectedVersion(stream: stream, expected: expected, actual: StreamVersion(actual))
            }
            if let range = message.range(of: "EVENTSCOPE_DUPLICATE ") {
                let id = message[range.upperBound...].prefix { !$0.isWhitespace }
                throw EventStoreError.duplicateEventID(stream: stream, eventID: String(id))
            }
            throw RedisErrors.serverError(message, doing: "the append to \(stream)")
        }
        guard let parts = reply.elements, parts.count >= 2, let kind = parts[0].integer, let version = parts[1].integer else {
            throw EventStoreError.invalid("Redis at \(url.address) answered the append script with \(reply)")
        }
        if kind == 2 {
            // Every id was already stored: the events as stored the first time.
            let stored = try EventEntry.decodeList(parts.count > 2 ? parts[2] : .null, key: keys.all)
            return AppendResult(streamID: stream, version: StreamVersion(version), events: stored)
        }
        guard parts.count == 4, let first = parts[2].integer, let ms = parts[3].integer else {
            throw EventStoreError.invalid("Redis at \(url.address) answered the append script with \(reply)")
        }
        let recordedAt = EventEntry.date(milliseconds: ms)
        let base = version - Int64(events.count)
        let recorded = events.enumerated().map { i, e in
            RecordedEvent(
                eventID: e.eventID, streamID: stream, version: StreamVersion(base + Int64(i) + 1),
                position: GlobalPosition(first + Int64(i)), type: e.type, data: e.data,
                metadata: e.metadata, recordedAt: recordedAt)
        }
        return AppendResult(streamID: stream, version: StreamVersion(version), events: recorded)
    }
}
