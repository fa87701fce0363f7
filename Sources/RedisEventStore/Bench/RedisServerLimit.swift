import EventSourcing
import Foundation

extension RedisEventStore {
    /// Measures the server's own limit for appends: the append script run by `EVALSHA`,
    /// pipelined `depth` deep on one connection, one event per call spread over `streams`
    /// streams — no Swift engine, no waiting for each reply. Events per second.
    ///
    /// Writes under a fresh prefix (`<prefix>-limit-<random>`) and deletes it afterwards.
    /// Runs on its own thread (hiredis blocks).
    /// - Throws: the same errors as ``open(_:)``.
    public static func serverLimit(_ url: String, events: Int, streams: Int, depth: Int = 100) async throws -> Double {
        var parsed = try RedisStoreURL(url)
        parsed.prefix = "\(parsed.prefix)-limit-\(UUID().uuidString.prefix(8).lowercased())"
        let target = parsed
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Double, any Error>) in
            let thread = Thread {
                continuation.resume(with: Result { try measureLimit(target, events: events, streams: streams, depth: depth) })
            }
            thread.name = "eventscope-redis-limit"
            thread.start()
        }
    }

    private static func measureLimit(_ url: RedisStoreURL, events: Int, streams: Int, depth: Int) throws -> Double {
        let connection = try RedisConnection.open(url)
        let keys = RedisKeys(prefix: url.prefix)
        defer { try? deleteKeys(prefix: url.prefix, on: connection) }
        let loaded = try connection.run(RedisCommand("SCRIPT", "LOAD", AppendScript.source))
        guard let sha = loaded.text else {
            throw RedisErrors.serverError(loaded.errorMessage ?? "\(loaded)", doing: "loading the append script")
        }
        let streamCount = max(1, streams)
        let metadata = EventMetadata(correlationID: UUID(), causationID: UUID()).jsonData()
        // Built before the clock starts: the limit is the server's, not the client's.
        let commands: [RedisCommand] = (0..<max(1, events)).map { i in
            let stream = StreamID("bench-\(i % streamCount)")
            let category = stream.category
            var arguments = [
                "EVALSHA", sha, "9",
                keys.head, keys.all, keys.eventIDs, keys.streamsByRecent, keys.streamsByName,
                keys.categoryByRecent(category), keys.categoryByName(category), keys.positions(stream), keys.info(stream),
                stream.rawValue, category, "any", "0", "1", UUID().uuidString, "counter.incremented",
            ].map { Data($0.utf8) }
            arguments.append(Data("{\"count\":\(i / streamCount + 1)}".utf8))
            arguments.append(metadata)
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
