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

    private static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escaping: append them whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// A JSON syntax check (RFC 8259) that builds nothing, to decide whether stored bytes can be
/// embedded in output as they are.
enum JSONSyntax {
    static func isValid(_ bytes: [UInt8]) -> Bool {
        var i = 0
        guard value(bytes, &i, depth: 0) else { return false }
        skipSpace(bytes, &i)
        return i == bytes.count
    }

    /// Valid JSON on one line: whitespace between tokens dropped, DEL and C1 controls in
    /// strings written as `\u00XX` escapes. The input must be valid (``isValid(_:)``).
    static func compacted(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var inString = false
        var i = 0
        func escape(_ value: UInt8) {
            let hex = Array("0123456789abcdef".utf8)
            out += Array("\\u00".utf8) + [hex[Int(value >> 4)], hex[Int(value & 0xF)]]
        }
        while i < b.count {
            let c = b[i]
            if !inString {
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
                if c == UInt8(ascii: "\"") { inString = true }
                out.append(c)
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\\"):
                out.append(c)
                if i + 1 < b.count { out.append(b[i + 1]) }
                i += 2
            case UInt8(ascii: "\""):
                inString = false
                out.append(c)
                i += 1
            case 0x7F:
                escape(c)
                i += 1
            case 0xC2 where i + 1 < b.count && (0x80...0x9F).contains(b[i + 1]):
                escape(b[i + 1])
                i += 2
            default:
                out.append(c)
                i += 1
            }
        }
        return out
    }

    private static func skipSpace(_ b: [UInt8], _ i: inout Int) {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private static func value(_ b: [UInt8], _ i: inout Int, depth: Int) -> Bool {
        guard depth < 512 else { return false }
        skipSpace(b, &i)
        guard i < b.count else { return false }
        switch b[i] {
        case UInt8(ascii: "{"):
            i += 1
            skipSpace(b, &i)
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return true }
            while true {
                skipSpace(b, &i)
                guard string(b, &i) else { return false }
                skipSpace(b, &i)
                guard i < b.count, b[i] == UInt8(ascii: ":") else { return false }
                i += 1
                guard value(b, &i, depth: depth + 1) else { return false }
                skipSpace(b, &i)
                guard i < b.count else { return false }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return true }
                return false
            }
        case UInt8(ascii: "["):
            i += 1
            skipSpace(b, &i)
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return true }
            while true {
                guard value(b, &i, depth: depth + 1) else { return false }
                skipSpace(b, &i)
                guard i < b.count else { return false }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; return true }
                return false
            }
        case UInt8(ascii: "\""): return string(b, &i)
        case UInt8(ascii: "t"): return literal(b, &i, "true")
        case UInt8(ascii: "f"): return literal(b, &i, "false")
        case UInt8(ascii: "n"): return literal(b, &i, "null")
        default: return number(b, &i)
        }
    }

    private static func literal(_ b: [UInt8], _ i: inout Int, _ word: StaticString) -> Bool {
        let w = word.withUTF8Buffer { Array($0) }
        guard i + w.count <= b.count, Array(b[i..<(i + w.count)]) == w else { return false }
        i += w.count
        return true
    }

    private static func string(_ b: [UInt8], _ i: inout Int) -> Bool {
        guard i < b.count, b[i] == UInt8(ascii: "\"") else { return false }
        i += 1
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; return true }
            if c < 0x20 { return false }
            if c == UInt8(ascii: "\\") {
                i += 1
                guard i < b.count else { return false }
                switch b[i] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 1
                case UInt8(ascii: "u"):
                    guard i + 4 < b.count, b[(i + 1)...(i + 4)].allSatisfy(isHex) else { return false }
                    i += 5
                default: return false
                }
                continue
            }
            i += 1
        }
        return false
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (48...57).contains(c) || (65...70).contains(c) || (97...102).contains(c)
    }

    private static func number(_ b: [UInt8], _ i: inout Int) -> Bool {
        let start = i
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count, (48...57).contains(b[i]) else { return false }
        if b[i] == 48 { i += 1 } else { while i < b.count, (48...57).contains(b[i]) { i += 1 } }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard i < b.count, (48...57).contains(b[i]) else { return false }
            while i < b.count, (48...57).contains(b[i]) { i += 1 }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < b.count, (48...57).contains(b[i]) else { return false }
            while i < b.count, (48...57).contains(b[i]) { i += 1 }
        }
        return i > start
    }
}
