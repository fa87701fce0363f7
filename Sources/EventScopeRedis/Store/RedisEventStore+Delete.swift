import EventScope
import Foundation

extension RedisEventStore {
    /// Deletes every key under this store's prefix: all its events and streams, for good.
    ///
    /// For scratch stores (benchmarks, tests); other prefixes and databases are untouched.
    /// - Returns: how many keys were deleted.
    /// - Throws: ``EventStoreError/unavailable(_:)`` when the server cannot be reached.
    @discardableResult
    public func deleteAll() async throws -> Int {
        let pattern = Self.globEscaped(url.prefix) + ":*"
        var cursor = "0"
        var deleted = 0
        repeat {
            let reply = try await run([RedisCommand("SCAN", cursor, "MATCH", pattern, "COUNT", "1000")])[0]
            guard let parts = reply.elements, parts.count == 2, let next = parts[0].text else {
                throw RedisErrors.serverError(reply.errorMessage ?? "\(reply)", doing: "SCAN for \(pattern)")
            }
            cursor = next
            let names = (parts[1].elements ?? []).compactMap(\.text)
            if !names.isEmpty {
                deleted += Int(try await run([RedisCommand(["UNLINK"] + names)])[0].integer ?? 0)
            }
        } while cursor != "0"
        readAhead.clear()
        return deleted
    }

    /// Deletes every key under `prefix:` on a connection the caller's thread owns.
    static func deleteKeys(prefix: String, on connection: RedisConnection) throws {
        var cursor = "0"
        repeat {
            let reply = try connection.run(RedisCommand("SCAN", cursor, "MATCH", globEscaped(prefix) + ":*", "COUNT", "1000"))
            guard let parts = reply.elements, parts.count == 2, let next = parts[0].text else { return }
            cursor = next
            let names = (parts[1].elements ?? []).compactMap(\.text)
            if !names.isEmpty { _ = try connection.run(RedisCommand(["UNLINK"] + names)) }
        } while cursor != "0"
    }

    /// `text` with Redis glob characters escaped, so `MATCH` takes it literally.
    static func globEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "*?[]\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
