import Explorer

/// A JSON value written by hand: fast for long outputs (`show`, `tail` of 100,000 events),
/// keys in the order given, and stored event data embedded as it is when it is valid JSON.
enum JSONValue {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case null
    /// JSON text inserted as is (must be valid JSON: see ``JSONValue/embedding(_:)``).
    case raw(String)
    case object([(String, JSONValue)])
    case array([JSONValue])

    /// Stored bytes as a value: valid JSON is embedded (on one line, with DEL and C1 control
    /// characters escaped so a terminal never acts on them); anything else becomes a string.
    static func embedding(_ bytes: [UInt8]) -> JSONValue {
        guard JSONSyntax.isValid(bytes) else { return .string(String(decoding: bytes, as: UTF8.self)) }
        return .raw(String(decoding: isPlain(bytes) ? bytes : JSONSyntax.compacted(bytes), as: UTF8.self))
    }

    /// No line breaks (one event per line in JSON lines), no DEL, no C1 controls.
    private static func isPlain(_ bytes: [UInt8]) -> Bool {
        var previous: UInt8 = 0
        for c in bytes {
            if c < 0x20 || c == 0x7F { return false }
            if previous == 0xC2, (0x80...0x9F).contains(c) { return false }
            previous = c
        }
        return true
    }

    /// Compact JSON text.
    var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    func write(into out: inout String) {
        switch self {
        case .string(let s): Self.quote(s, into: &out)
        case .int(let n): out += String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .raw(let json): out += json
        case .object(let members):
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                Self.quote(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        }
    }

    private static func quote(_ s: String, into out: inout String) { JSONString.quote(s, into: &out) }
}
