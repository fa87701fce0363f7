import EventScope
import Foundation

extension RedisEventStore {
    /// Measures the server's own limit for appends: the append script run by `EVALSHA`,
    /// pipelined `depth` deep on one connection, one call per event — no Swift engine, no
    /// waiting for each reply. Events per second.
    ///
    /// The caller chooses the events (their streams, types and sizes): the store knows no
    /// domain. Each is appended with `ExpectedVersion.any`.
    ///
    /// Writes under a fresh prefix (`<prefix>-limit-<random>`) and deletes it afterwards.
    /// Runs on its own thread (hiredis blocks).
    /// - Parameters:
    ///   - url: the server (its prefix is only the start of the scratch prefix).
    ///   - events: what to append, in order; the calls are built before the clock starts.
    ///   - depth: calls written before their replies are read.
    /// - Throws: `EventStoreError.unavailable` when the server cannot be reached or is lost,
    ///   `.invalid` when it refuses the script (the same errors as ``open(_:inDoubtLimit:)``).
    public static func serverLimit(
        _ url: RedisStoreURL, appending events: [(stream: StreamID, event: ProposedEvent)], depth: Int = 100
    ) async throws -> Double {
        var target = url
        target.prefix = "\(url.prefix)-limit-\(UUID().uuidString.prefix(8).lowercased())"
        let scratch = target
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Double, any Error>) in
            let thread = Thread {
                continuation.resume(with: Result { try measureLimit(scratch, events: events, depth: depth) })
            }
            thread.name = "eventscope-redis-limit"
            thread.start()
        }
    }

    private static func measureLimit(_ url: RedisStoreURL, events: [(stream: StreamID, event: ProposedEvent)], depth: Int) throws -> Double {
        let connection = try RedisConnection.open(url)
        let keys = RedisKeys(prefix: url.prefix)
        defer { try? deleteKeys(prefix: url.prefix, on: connection) }
        let loaded = try connection.run(RedisCommand("SCRIPT", "LOAD", AppendScript.source))
        guard let sha = loaded.text else {
            throw RedisErrors.serverError(loaded.errorMessage ?? "\(loaded)", doing: "loading the append script")
        }
        // Built before the clock starts: the limit is the server's, not the client's.
        let commands: [RedisCommand] = events.map { stream, e in
            let category = stream.category
            var arguments = [
                "EVALSHA", sha, "9",
                keys.head, keys.all, keys.eventIDs, keys.streamsByRecent, keys.streamsByName,
                keys.categoryByRecent(category), keys.categoryByName(category), keys.positions(stream), keys.info(stream),
                stream.rawValue, category, "any", "0", "1", e.eventID.uuidString, e.type.rawValue,
            ].map { Data($0.utf8) }
            arguments.append(e.data)
            arguments.append(e.metadata.jsonData())
            return RedisCommand(arguments)
        }
        let clock = ContinuousClock()
        let started = clock.now
        // A sliding pipeline: the next window is written before the replies of the previous
        // one are read, so the server always has `depth` calls or more waiting — never idle
        // while the client turns around.
        let windows = stride(from: 0, to: commands.count, by: max(1, depth)).map {
            Array(commands[$0..<min(commands.count, $0 + max(1, depth))])
        }
        do {
            var inFlight: [RedisCommand] = []
            for window in windows + [[]] {
                if !window.isEmpty { try connection.send(window) }
                var again: [RedisCommand] = []
                for command in inFlight {
                    let reply = try connection.receive()
                    guard let message = reply.errorMessage else { continue }
                    // Someone flushed the script cache meanwhile: the call did not run; resend it.
                    guard message.hasPrefix("NOSCRIPT") else { throw RedisErrors.serverError(message, doing: "the limit benchmark") }
                    again.append(command)
                }
                if !again.isEmpty {
                    // Drain this window too, reload the script, then resend what did not run.
                    for command in window {
                        if case .error(let message) = try connection.receive(), message.hasPrefix("NOSCRIPT") { again.append(command) }
                    }
                    // Reload and resend in one pipeline, until nothing meets a flushed cache.
                    var pending = again
                    for _ in 0..<1_000 where !pending.isEmpty {
                        let replies = try connection.run([RedisCommand("SCRIPT", "LOAD", AppendScript.source)] + pending)
                        var still: [RedisCommand] = []
                        for (command, reply) in zip(pending, replies.dropFirst()) {
                            guard let message = reply.errorMessage else { continue }
                            guard message.hasPrefix("NOSCRIPT") else { throw RedisErrors.serverError(message, doing: "the limit benchmark") }
                            still.append(command)
                        }
                        pending = still
                    }
                    inFlight = []
                } else {
                    inFlight = window
                }
            }
        } catch let error as RedisIOError {
            throw EventStoreError.unavailable("Redis at \(url.address) is unreachable: \(error.message)")
        }
        let seconds = (clock.now - started) / .seconds(1)
        return Double(commands.count) / max(seconds, 1e-9)
    }
}
