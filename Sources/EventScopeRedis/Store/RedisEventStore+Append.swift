import EventScope
import Foundation

extension RedisEventStore {
    /// Appends with one call of the append script (see ``AppendScript``), atomically.
    ///
    /// When the reply is lost (the connection broke after the call was sent), the same call —
    /// same event ids — is sent again until the server answers (up to the store's in-doubt
    /// limit, 20 s by default): it either writes the events or finds them stored, so they land
    /// exactly once. A call that never reached the server fails at once.
    ///
    /// For an idempotent retry the result's `events` are the events as stored the first time
    /// (their own versions and positions) and `version` is the stream's version now, which
    /// counts any event another writer appended after them.
    /// - Throws: ``EventStoreError/wrongExpectedVersion(stream:expected:actual:)``,
    ///   ``EventStoreError/duplicateEventID(stream:eventID:)``; ``EventStoreError/unavailable(_:)``
    ///   only when no attempt reached the server (nothing was written);
    ///   ``EventStoreError/inDoubt(stream:message:)`` when an attempt may have reached it and
    ///   its outcome could not be learnt in time (the events may or may not be stored).
    public func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion) async throws -> AppendResult {
        try await append(events, to: stream, expected: expected, turn: nil)
    }

    /// Appends taking part in turn-taking (see `WriterTurn`): refused with
    /// ``EventStoreError/streamBusy(stream:retryAfter:)`` while another writer holds the turn.
    public func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion, turn: WriterTurn) async throws -> AppendResult {
        try await append(events, to: stream, expected: expected, turn: Optional(turn))
    }

    private func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion, turn: WriterTurn?) async throws -> AppendResult {
        let command = appendCommand(events, to: stream, expected: expected, turn: turn)
        let started = ContinuousClock.now
        var inDoubt: String?
        var delay = Duration.milliseconds(50)
        while true {
            do {
                let reply = try await runScript(command)
                let result = try decodeAppend(reply, events: events, stream: stream, expected: expected)
                noteAppended(result, wrote: reply.elements?.first?.integer == 1)
                return result
            } catch let error as EventStoreError where inDoubt != nil && !Self.isDecisive(error) {
                // An earlier attempt may have landed and this answer does not tell (LOADING,
                // BUSY, READONLY, …): keep asking while the error is transient, else give up
                // in doubt — never as if nothing had been written.
                let doubt = inDoubt ?? ""
                guard Self.isTransient(error) else { throw inDoubtError(stream, "\(doubt); then: \(error)") }
                if ContinuousClock.now - started > inDoubtLimit || Task.isCancelled { throw inDoubtError(stream, doubt) }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .milliseconds(500))
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
                if ContinuousClock.now - started > inDoubtLimit || Task.isCancelled { throw inDoubtError(stream, message) }
            }
        }
    }

    /// An attempt may have reached the server and its outcome is still unknown. (Never
    /// `.unavailable`: callers read that as "nothing written".)
    private func inDoubtError(_ stream: StreamID, _ message: String) -> EventStoreError {
        .inDoubt(stream: stream, message: message)
    }

    /// An answer the append script decided (it ran and wrote nothing): final even after a lost
    /// reply, since a landed earlier attempt would have been found by its ids instead.
    private static func isDecisive(_ error: EventStoreError) -> Bool {
        switch error {
        case .wrongExpectedVersion, .duplicateEventID: return true
        default: return false
        }
    }

    /// A server error that says "not now" rather than "never" (see ``RedisErrors/serverError(_:doing:)``).
    private static func isTransient(_ error: EventStoreError) -> Bool {
        if case .unavailable = error { return true }
        return false
    }

    /// Advances the head signal past what an append returned — or resets it when the append
    /// wrote position 1 into a store this one knew to be further on: positions are handed out
    /// once each (INCRBY), so only a store that was emptied (FLUSHDB, a restart without
    /// persistence) gives out 1 again. (A reset found by another process's append is noticed
    /// by the head watcher within one block interval.)
    private func noteAppended(_ result: AppendResult, wrote: Bool) {
        guard let first = result.events.first, let last = result.events.last else { return }
        if wrote && first.position.value == 1 && signal.head.value > 0 {
            signal.reset(to: last.position)
        } else {
            signal.advance(to: last.position)
        }
    }

    /// `EVALSHA` of the append script; reloads the script once when the server lost it.
    private func runScript(_ command: RedisCommand) async throws -> RedisReply {
        let reply = try await pool.run([command])[0]
        guard let message = reply.errorMessage, message.hasPrefix("NOSCRIPT") else { return reply }
        // The server restarted or its script cache was flushed: load and call in one pipeline.
        let replies = try await pool.run([RedisCommand("SCRIPT", "LOAD", AppendScript.source), command])
        return replies[1]
    }

    private func appendCommand(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion, turn: WriterTurn?) -> RedisCommand {
        let (kind, wanted): (String, Int64) =
            switch expected {
            case .any: ("any", 0)
            case .noStream: ("no", 0)
            case .streamExists: ("exists", 0)
            case .exact(let v): ("exact", v.value)
            }
        let fixed = fixedArguments(stream)
        var writer = RedisCommandWriter(
            count: fixed.count + 3 + events.count * 4 + (turn == nil ? 0 : 3),
            capacity: fixed.encoded.count + 64 + events.reduce(0) { $0 + $1.data.count + 200 })
        writer.addEncoded(fixed.encoded)
        writer.add(kind)
        writer.add(String(wanted))
        writer.add(String(events.count))
        for event in events {
            writer.add(UUIDText.bytes(event.eventID))
            writer.add(event.type.rawValue)
            writer.add(event.data)
            writer.add(MetadataJSON.encode(event.metadata))
        }
        if let turn {
            writer.add(UUIDText.bytes(turn.owner))
            writer.add(turn.claim ? "1" : "0")
            writer.add(String(WriterTurn.lease.components.seconds * 1_000 + WriterTurn.lease.components.attoseconds / 1_000_000_000_000_000))
        }
        return writer.command
    }

    /// The append script's first arguments for `stream` (`EVALSHA`, the script, its ten keys,
    /// the stream and its category), RESP-encoded, and how many they are.
    private func fixedArguments(_ stream: StreamID) -> (encoded: [UInt8], count: Int) {
        if let cached = fixedArguments.withLock({ $0[stream.rawValue] }) { return cached }
        let category = stream.category
        let arguments = [
            "EVALSHA", scriptSHA, "10",
            keys.head, keys.all, keys.eventIDs, keys.streamsByRecent, keys.streamsByName,
            keys.categoryByRecent(category), keys.categoryByName(category), keys.positions(stream), keys.info(stream),
            keys.turn(stream),
            stream.rawValue, category,
        ]
        var writer = RedisCommandWriter(count: arguments.count, capacity: 600)
        for argument in arguments { writer.add(argument) }
        let fixed = (encoded: writer.encodedArguments, count: arguments.count)
        fixedArguments.withLock { cache in
            if cache.count >= Self.fixedArgumentsCapacity { cache.removeAll(keepingCapacity: true) }
            cache[stream.rawValue] = fixed
        }
        return fixed
    }

    private func decodeAppend(_ reply: RedisReply, events: [ProposedEvent], stream: StreamID, expected: ExpectedVersion) throws -> AppendResult {
        if let message = reply.errorMessage {
            if let range = message.range(of: "EVENTSCOPE_WRONG_VERSION ") {
                let actual = Int64(message[range.upperBound...].prefix { $0.isNumber }) ?? 0
                throw EventStoreError.wrongExpectedVersion(stream: stream, expected: expected, actual: StreamVersion(actual))
            }
            if let range = message.range(of: "EVENTSCOPE_BUSY ") {
                let ms = Int64(message[range.upperBound...].prefix { $0.isNumber || $0 == "-" }) ?? 1
                throw EventStoreError.streamBusy(stream: stream, retryAfter: .milliseconds(max(1, ms)))
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
