import CEventScopeHiredis
import EventScope
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An I/O failure on a connection: after it the connection is unusable.
struct RedisIOError: Error, Sendable, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// One blocking hiredis connection (`redisContext`), used by one thread at a time.
///
/// Never call it from the Swift cooperative pool: every method blocks on the network.
final class RedisConnection {
    private let context: UnsafeMutablePointer<redisContext>
    let url: RedisStoreURL
    /// Set once an I/O error happened; the owner must drop the connection.
    private(set) var broken = false

    private init(context: UnsafeMutablePointer<redisContext>, url: RedisStoreURL) {
        self.context = context
        self.url = url
    }

    deinit { redisFree(context) }

    /// Connects, authenticates, selects the database and checks that the peer speaks Redis.
    /// - Throws: `EventStoreError.unavailable` when the server cannot be reached (refused,
    ///   timed out, still loading); `.invalid` for a wrong password, a missing database, or a
    ///   peer that is not a Redis server.
    static func open(
        _ url: RedisStoreURL, connectTimeout: Duration = .seconds(2), commandTimeout: Duration = .seconds(10)
    ) throws(EventStoreError) -> RedisConnection {
        let where_ = "Redis at \(url.address)"
        guard let context = redisConnectWithTimeout(url.host, Int32(url.port), makeTimeval(connectTimeout)) else {
            throw .unavailable("\(where_) is unreachable: out of memory while connecting")
        }
        if context.pointee.err != 0 {
            let reason = errorText(context)
            redisFree(context)
            throw .unavailable("\(where_) is unreachable: \(reason). Check that redis-server is running there and that the store URL names the right host and port.")
        }
        let connection = RedisConnection(context: context, url: url)
        // The handshake must answer quickly: a peer that is not Redis may never answer.
        _ = redisSetTimeout(context, makeTimeval(connectTimeout))
        _ = redisEnableKeepAlive(context)

        func notRedis(_ error: RedisIOError) -> EventStoreError {
            if error.message.contains("Protocol error") {
                return .invalid("\(url.address) does not answer like a Redis server (\(error.message)). Check the host and port in the store URL.")
            }
            if error.message.contains("temporarily unavailable") || error.message.contains("timed out") {
                return .unavailable("\(url.address) accepted the connection but did not answer a Redis PING within \(connectTimeout): is it a Redis server, and is it overloaded?")
            }
            return .unavailable("\(where_) closed the connection during the handshake (\(error.message)). Check that the port is a Redis server's.")
        }

        if let password = url.password {
            let auth = url.user.map { RedisCommand("AUTH", $0, password) } ?? RedisCommand("AUTH", password)
            let reply: RedisReply
            do { reply = try connection.run(auth) } catch { throw notRedis(error) }
            if let message = reply.errorMessage {
                if message.hasPrefix("LOADING") { throw .unavailable("\(where_) is loading its data set; try again in a moment") }
                if message.contains("without any password configured") || message.contains("no password is set") {
                    throw .invalid("\(where_) has no password, but the store URL gives one: remove it from the URL (\(message))")
                }
                throw .invalid("\(where_) refused the credentials in the store URL: \(message). Check the user and password.")
            }
        }
        if url.database != 0 {
            let reply: RedisReply
            do { reply = try connection.run(RedisCommand("SELECT", String(url.database))) } catch { throw notRedis(error) }
            if let message = reply.errorMessage {
                if message.hasPrefix("NOAUTH") { throw needsPassword(url) }
                throw .invalid("\(where_) cannot select database \(url.database): \(message)")
            }
        }
        let pong: RedisReply
        do { pong = try connection.run(RedisCommand("PING")) } catch { throw notRedis(error) }
        switch pong {
        case .status("PONG"): break
        case .error(let message) where message.hasPrefix("NOAUTH"): throw needsPassword(url)
        case .error(let message) where message.hasPrefix("LOADING"):
            throw .unavailable("\(where_) is loading its data set; try again in a moment")
        default:
            throw .invalid("\(url.address) answered PING with \(pong) instead of PONG: is it a Redis server?")
        }
        _ = redisSetTimeout(context, makeTimeval(commandTimeout))
        return connection
    }

    private static func needsPassword(_ url: RedisStoreURL) -> EventStoreError {
        .invalid("Redis at \(url.address) requires a password: give it in the store URL, e.g. redis://:PASSWORD@\(url.address)")
    }

    // MARK: - Commands

    /// Sends one command and waits for its reply.
    func run(_ command: RedisCommand) throws(RedisIOError) -> RedisReply {
        try send([command])
        return try receive()
    }

    /// Sends commands back to back (a pipeline) and waits for all their replies, in order.
    func run(_ commands: [RedisCommand]) throws(RedisIOError) -> [RedisReply] {
        try send(commands)
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for _ in commands { replies.append(try receive()) }
        return replies
    }

    /// Queues commands in hiredis's output buffer (one copy of their wire form); the first
    /// ``receive()`` writes them.
    func send(_ commands: [RedisCommand]) throws(RedisIOError) {
        var buffer: [UInt8]
        if commands.count == 1 {
            buffer = commands[0].bytes
        } else {
            buffer = []
            buffer.reserveCapacity(commands.reduce(0) { $0 + $1.bytes.count })
            for command in commands { buffer.append(contentsOf: command.bytes) }
        }
        let status = buffer.withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { redisAppendFormattedCommand(context, $0.baseAddress, $0.count) }
        }
        if status != REDIS_OK { throw fail() }
    }

    /// Writes what is queued and reads the next reply.
    /// With `entries`, a well-formed list of `P:all` entries comes back as
    /// ``RedisReply/entries(_:)``, decoded straight from hiredis's reply (anything else as a
    /// reply tree, which the reader then reports).
    func receive(entries: Bool = false) throws(RedisIOError) -> RedisReply {
        if entries, let events = try receiveEntries() { return .entries(events) }
        var raw: UnsafeMutableRawPointer?
        guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw fail() }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(raw) }
        return RedisReply(reply)
    }

    /// The next reply decoded by ``EntryDecoder`` straight from hiredis's read buffer, as it
    /// arrives, without the reply tree hiredis would build: writes what is queued, reads and
    /// decodes until the whole reply is in, then removes its bytes from the buffer as hiredis
    /// does. `nil`, with the reply still unread, when it is not a list of entries as the store
    /// writes them (an error reply, say): ``receive(entries:)`` then reads it as usual.
    private func receiveEntries() throws(RedisIOError) -> [RecordedEvent]? {
        var done: Int32 = 0
        repeat {
            if redisBufferWrite(context, &done) != REDIS_OK { throw fail() }
        } while done == 0
        guard let reader = context.pointee.reader, reader.pointee.ridx == -1 else { return nil }
        var decoder = EntryDecoder()
        while true {
            let r = reader.pointee
            let buffered = r.buf.map { UnsafeRawBufferPointer(start: $0 + r.pos, count: r.len - r.pos) }
                ?? UnsafeRawBufferPointer(start: nil, count: 0)
            switch decoder.feed(buffered) {
            case .done(let length):
                // As hiredis's reader does after a reply: step over it, and drop what was read
                // once that is 1 KiB or more.
                reader.pointee.pos += length
                if reader.pointee.pos >= 1024, let buf = reader.pointee.buf {
                    sdsrange(buf, Int32(reader.pointee.pos), -1)
                    reader.pointee.pos = 0
                    reader.pointee.len = sdslen(buf)
                }
                return decoder.events
            case .needMore:
                try readMore(into: reader)
            case .malformed:
                return nil
            }
        }
    }

    /// Reads what the socket holds, up to 256 KiB, straight into the end of hiredis's read
    /// buffer (`redisBufferRead` reads 16 KiB at a time into a buffer of its own and copies it
    /// in: a page of entries took dozens of reads and copies). Errors as `redisBufferRead`'s.
    private func readMore(into reader: UnsafeMutablePointer<redisReader>) throws(RedisIOError) {
        let chunk = 256 * 1024
        guard let grown = sdsMakeRoomFor(reader.pointee.buf, chunk) else {
            broken = true
            throw RedisIOError(message: "out of memory")
        }
        reader.pointee.buf = grown
        while true {
            let n = read(context.pointee.fd, grown + sdslen(grown), chunk)
            if n > 0 {
                sdsIncrLen(grown, Int32(n))
                reader.pointee.len = sdslen(grown)
                return
            }
            if n < 0 && errno == EINTR { continue }
            broken = true
            if n == 0 { throw RedisIOError(message: "Server closed the connection (connection closed by the server)") }
            let reason = String(cString: strerror(errno))
            throw RedisIOError(message: errno == EAGAIN ? "\(reason) (no reply within the command timeout)" : reason)
        }
    }

    /// Whether the server has closed this idle connection (e.g. it restarted since).
    ///
    /// An idle RESP2 connection never has anything to read, so readable means closed or reset;
    /// checking before a write tells "never sent" apart from "reply lost".
    func isClosedByPeer() -> Bool {
        var fds = pollfd(fd: context.pointee.fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&fds, 1, 0)
        return ready != 0
    }

    private func fail() -> RedisIOError {
        broken = true
        return RedisIOError(message: Self.errorText(context))
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        let text = withUnsafeBytes(of: &context.pointee.errstr) { raw -> String in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        if context.pointee.err == REDIS_ERR_EOF { return text.isEmpty ? "connection closed by the server" : "\(text) (connection closed by the server)" }
        return text.isEmpty ? "I/O error" : text
    }
}

/// A `timeval` for a duration.
func makeTimeval(_ duration: Duration) -> timeval {
    let (seconds, attoseconds) = duration.components
    return timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
}
