import CEventScopeHiredis
import EventScope
import Foundation

/// One reply from Redis (RESP2), copied out of hiredis's memory so it can cross threads.
enum RedisReply: Sendable, Equatable {
    /// A bulk string (binary-safe).
    case string(Data)
    /// A status line such as `OK` or `PONG`.
    case status(String)
    case integer(Int64)
    case null
    /// An error reply (`-ERR …`), without the leading dash.
    case error(String)
    case array([RedisReply])
    /// A list of `P:all` entries, decoded on the connection thread (see `RedisCommand.readsEntries`).
    case entries([RecordedEvent])

    /// Copies a hiredis reply tree (the caller still frees it).
    init(_ pointer: UnsafeMutablePointer<redisReply>) {
        let reply = pointer.pointee
        switch reply.type {
        case REDIS_REPLY_STRING:
            self = .string(reply.str.map { Data(bytes: $0, count: reply.len) } ?? Data())
        case REDIS_REPLY_STATUS:
            self = .status(Self.text(reply))
        case REDIS_REPLY_ERROR:
            self = .error(Self.text(reply))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int64(reply.integer))
        case REDIS_REPLY_ARRAY:
            var items: [RedisReply] = []
            items.reserveCapacity(reply.elements)
            for i in 0..<reply.elements {
                if let element = reply.element[i] { items.append(RedisReply(element)) } else { items.append(.null) }
            }
            self = .array(items)
        default:
            self = .null
        }
    }

    private static func text(_ reply: redisReply) -> String {
        guard let str = reply.str else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: str, count: reply.len), as: UTF8.self)
    }

    // MARK: - Reading values

    /// The reply as text (bulk string or status), or `nil`.
    var text: String? {
        switch self {
        case .string(let d): return String(decoding: d, as: UTF8.self)
        case .status(let s): return s
        default: return nil
        }
    }

    /// The reply as an integer (integer reply or a decimal bulk string), or `nil`.
    var integer: Int64? {
        switch self {
        case .integer(let i): return i
        case .string(let d): return Self.decimal(d)
        default: return nil
        }
    }

    /// A decimal integer in ASCII bytes (no allocation), or `nil`.
    private static func decimal(_ data: Data) -> Int64? {
        guard !data.isEmpty, data.count <= 19 else { return data.isEmpty ? nil : Int64(String(decoding: data, as: UTF8.self)) }
        var value: Int64 = 0
        var negative = false
        for (i, byte) in data.enumerated() {
            if i == 0 && byte == UInt8(ascii: "-") { negative = true; continue }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        if negative && data.count == 1 { return nil }
        return negative ? -value : value
    }

    /// The elements of an array reply (`nil` for a null reply gives `[]`).
    var elements: [RedisReply]? {
        switch self {
        case .array(let a): return a
        case .null: return []
        default: return nil
        }
    }

    /// The error text when this is an error reply.
    var errorMessage: String? {
        if case .error(let message) = self { return message }
        return nil
    }
}
