import Foundation

/// One Redis command, encoded once in the RESP wire form (`*N`, then `$len` + bytes per
/// argument): binary-safe, with explicit lengths, never formatted by a printf-like call.
struct RedisCommand: Sendable {
    /// The encoded command, ready to be written to the socket.
    private(set) var bytes: [UInt8]
    /// Its reply is a list of `P:all` entries (`XRANGE`, `XREVRANGE`): the connection thread
    /// decodes it straight from hiredis's reply into ``RedisReply/entries(_:)``.
    var readsEntries = false

    /// A command whose reply is a list of `P:all` entries (see ``readsEntries``).
    static func entries(_ arguments: String...) -> RedisCommand {
        var command = RedisCommand(arguments)
        command.readsEntries = true
        return command
    }

    init(_ arguments: String...) { self.init(arguments) }

    init(_ arguments: [String]) {
        var writer = RedisCommandWriter(count: arguments.count)
        for argument in arguments { writer.add(argument) }
        self = writer.command
    }

    init(_ arguments: [Data]) {
        var writer = RedisCommandWriter(count: arguments.count)
        for argument in arguments { writer.add(argument) }
        self = writer.command
    }

    fileprivate init(bytes: [UInt8]) { self.bytes = bytes }
}

/// Builds a ``RedisCommand`` argument by argument, straight into its wire form.
struct RedisCommandWriter {
    private var bytes: [UInt8] = []

    /// - Parameter count: exactly how many arguments will be added.
    init(count: Int, capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "*"))
        appendDecimal(count)
        bytes.append(contentsOf: [13, 10])
    }

    var command: RedisCommand { RedisCommand(bytes: bytes) }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(UnsafeRawBufferPointer($0)) }
    }

    mutating func add(_ data: Data) {
        data.withUnsafeBytes { add($0) }
    }

    mutating func add(_ raw: [UInt8]) {
        raw.withUnsafeBytes { add($0) }
    }

    mutating func add(_ number: Int64) {
        add(String(number))
    }

    mutating func add(_ raw: UnsafeRawBufferPointer) {
        bytes.append(UInt8(ascii: "$"))
        appendDecimal(raw.count)
        bytes.append(contentsOf: [13, 10])
        bytes.append(contentsOf: raw)
        bytes.append(contentsOf: [13, 10])
    }

    private mutating func appendDecimal(_ value: Int) {
        var digits: [UInt8] = []
        var v = value
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        } while v > 0
        bytes.append(contentsOf: digits.reversed())
    }
}
