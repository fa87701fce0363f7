import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A free TCP port on 127.0.0.1 (bound once to port 0, then released).
func freeLoopbackPort() throws -> Int {
    let fd = try listeningSocket(port: 0)
    defer { close(fd) }
    return try boundPort(fd)
}

/// A TCP server on loopback that is not Redis: it answers every connection with `answer`
/// (e.g. an HTTP error) and closes it, or says nothing at all when `answer` is nil.
final class FakeTCPServer: @unchecked Sendable {
    // @unchecked: only the immutable `fd`/`port` are shared with the accept thread.
    let port: Int
    private let fd: Int32

    init(answer: String?) throws {
        fd = try listeningSocket(port: 0)
        port = try boundPort(fd)
        let listener = fd
        let thread = Thread {
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 { return }
                var buffer = [UInt8](repeating: 0, count: 1024)
                _ = read(client, &buffer, buffer.count)
                if let answer {
                    _ = answer.withCString { write(client, $0, strlen($0)) }
                    close(client)
                }
                // Without an answer the connection stays open and silent until the test ends.
            }
        }
        thread.start()
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    var url: String { "redis://127.0.0.1:\(port)" }
}

/// Sits between the store and a Redis server, and can drop the next reply on the floor:
/// the command runs on the server, the connection is cut before the client reads the reply.
final class ReplyCuttingProxy: @unchecked Sendable {
    // @unchecked: `armed` and `cuts` are guarded by `lock`.
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var armed = false
    private var cutsEverything = false
    private var onCut: (@Sendable () -> Void)?
    private var cuts = 0

    var url: String { "redis://127.0.0.1:\(port)" }

    init(upstreamPort: Int) throws {
        listener = try listeningSocket(port: 0)
        port = try boundPort(listener)
        let fd = listener
        let thread = Thread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                guard let upstream = try? connectLoopback(port: upstreamPort) else {
                    close(client)
                    continue
                }
                let pair = SocketPair(client, upstream)
                Thread { Self.pump(from: client, to: upstream, cut: nil, pair: pair, marksScripts: true) }.start()
                Thread { [self] in Self.pump(from: upstream, to: client, cut: self, pair: pair) }.start()
            }
        }
        thread.start()
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// The next answer of a script call (`EVALSHA`, an append: an array reply, so the script
    /// ran) is dropped and that connection closed — never a handshake's, a head watcher's or
    /// a `NOSCRIPT` error, whatever the timing.
    ///
    /// `then` runs once the reply has come back from the server (so the command has run) and
    /// before the client sees its connection closed: a test can act "while the reply is lost",
    /// e.g. let another writer append before the client retries.
    func cutNextReply(then: (@Sendable () -> Void)? = nil) {
        lock.withLock {
            armed = true
            onCut = then
        }
    }

    /// While on, every reply from the server (handshakes included) is dropped and its
    /// connection closed: commands still run on the server, their client never learns it.
    func cutEveryReply(_ on: Bool) { lock.withLock { cutsEverything = on } }

    /// How many replies were dropped.
    var cutCount: Int { lock.withLock { cuts } }

    /// Whether to drop this reply, and what to run before closing.
    private func takeCut(_ pair: SocketPair, holdsArray: Bool) -> (cut: Bool, then: (@Sendable () -> Void)?) {
        lock.withLock {
            if cutsEverything {
                cuts += 1
                return (true, nil)
            }
            // Only a script's own answer (an array: the script ran), never a NOSCRIPT error
            // (another test may flush the shared server's script cache) or a load's reply.
            guard armed, pair.sentScript, holdsArray else { return (false, nil) }
            armed = false
            cuts += 1
            defer { onCut = nil }
            return (true, onCut)
        }
    }

    private static func pump(from source: Int32, to destination: Int32, cut: ReplyCuttingProxy?, pair: SocketPair, marksScripts: Bool = false) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let evalsha = Array("EVALSHA".utf8)
        while true {
            let n = read(source, &buffer, buffer.count)
            if n <= 0 { break }
            if marksScripts, !pair.sentScript, buffer[0..<n].firstRange(of: evalsha) != nil { pair.markScript() }
            // A script's answer is an array reply: at the start, or after a load's reply in a
            // pipeline (`$40…\r\n*4…`).
            let holdsArray = buffer[0] == UInt8(ascii: "*") || buffer[0..<n].firstRange(of: Array("\r\n*".utf8)) != nil
            if let decision = cut?.takeCut(pair, holdsArray: holdsArray), decision.cut {
                decision.then?()
                break
            }
            var sent = 0
            while sent < n {
                let w = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + sent, n - sent) }
                if w <= 0 { break }
                sent += w
            }
        }
        pair.finish()
    }
}

/// The two sockets of one proxied connection. The first pump to end shuts both down (which
/// ends the other pump's read); the last one closes them — closing twice would close
/// whatever socket reused the descriptor number meanwhile, e.g. another test's connection.
private final class SocketPair: @unchecked Sendable {
    // @unchecked: `running` and `shut` are guarded by `lock`.
    private let a: Int32
    private let b: Int32
    private let lock = NSLock()
    private var running = 2
    private var script = false

    /// Whether the client has sent a script call on this connection.
    var sentScript: Bool { lock.withLock { script } }
    func markScript() { lock.withLock { script = true } }
    private var shut = false

    init(_ a: Int32, _ b: Int32) {
        self.a = a
        self.b = b
    }

    func finish() {
        let last = lock.withLock { () -> Bool in
            if !shut {
                shut = true
                shutdown(a, Int32(SHUT_RDWR))
                shutdown(b, Int32(SHUT_RDWR))
            }
            running -= 1
            return running == 0
        }
        if last {
            close(a)
            close(b)
        }
    }
}

struct SocketError: Error, CustomStringConvertible {
    let description: String
}

private func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

private func listeningSocket(port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SocketError(description: "socket() failed") }
    var one: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = loopbackAddress(port: port)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, listen(fd, 16) == 0 else {
        close(fd)
        throw SocketError(description: "bind/listen on 127.0.0.1:\(port) failed")
    }
    return fd
}

private func boundPort(_ fd: Int32) throws -> Int {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard ok == 0 else { throw SocketError(description: "getsockname failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}

private func connectLoopback(port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = loopbackAddress(port: port)
    let ok = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard ok == 0 else {
        close(fd)
        throw SocketError(description: "connect to 127.0.0.1:\(port) failed")
    }
    return fd
}
