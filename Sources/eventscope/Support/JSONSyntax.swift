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
