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
        bytes.append(13)
        bytes.append(10)
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
        bytes.append(13)
        bytes.append(10)
        bytes.append(contentsOf: raw)
        bytes.append(13)
        bytes.append(10)
    }

    /// Appends arguments already encoded by another writer (``encodedArguments``): a command's
    /// fixed part, encoded once and reused.
    mutating func addEncoded(_ encoded: [UInt8]) {
        bytes.append(contentsOf: encoded)
    }

    /// The arguments added so far, without the header: for ``addEncoded(_:)``.
    var encodedArguments: [UInt8] {
        guard let end = bytes.firstIndex(of: 10) else { return [] }
        return Array(bytes[(end + 1)...])
    }

    /// `value` in decimal, without an array of digits per call (every argument has a length).
    private mutating func appendDecimal(_ value: Int) {
        var v = value
        var divisor = 1
        while v / divisor >= 10 { divisor *= 10 }
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(v / divisor))
            v %= divisor
            divisor /= 10
        } while divisor > 0
    }
}
