import Foundation

/// Event ids as the stores write them: 36 ASCII characters, upper-case hex (as `uuidString`).
///
/// Hand-written because Foundation's formatting and parsing (`snprintf`/scanning) cost more
/// than the rest of an append on this path (`perf`: `uuidString`'s `vfprintf` was 1% of a
/// demo's client threads). Shared by the stores (package access: not EventScope's API).
package enum UUIDText {
    private static let hex = Array("0123456789ABCDEF".utf8)

    /// `uuid` as 36 ASCII bytes, e.g. `E621E1F8-C36C-495A-93FC-0C247A3E6E5F`.
    package static func bytes(_ uuid: UUID) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(36)
        withUnsafeBytes(of: uuid.uuid) { raw in
            for (i, byte) in raw.enumerated() {
                if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    /// `uuid` as text, equal to `uuid.uuidString`.
    package static func string(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                var o = 0
                for (i, byte) in raw.enumerated() {
                    if i == 4 || i == 6 || i == 8 || i == 10 {
                        out[o] = UInt8(ascii: "-")
                        o += 1
                    }
                    out[o] = hex[Int(byte >> 4)]
                    out[o + 1] = hex[Int(byte & 0x0F)]
                    o += 2
                }
                return o
            }
        }
    }

    /// As ``parse(_:)-(Data)``, from a string's UTF-8 (without copying it when it is native).
    package static func parse(_ text: String) -> UUID? {
        if let parsed = text.utf8.withContiguousStorageIfAvailable({ parse(UnsafeRawBufferPointer($0)) }) { return parsed }
        return parse(Data(text.utf8))
    }

    /// Parses 36-character text in either case; `nil` for anything else.
    package static func parse(_ data: Data) -> UUID? {
        guard data.count == 36 else { return nil }
        return data.withUnsafeBytes { parse($0) }
    }

    /// As ``parse(_:)-(Data)``, from raw bytes.
    package static func parse(_ raw: UnsafeRawBufferPointer) -> UUID? {
        guard raw.count == 36, raw[8] == UInt8(ascii: "-"), raw[13] == UInt8(ascii: "-"), raw[18] == UInt8(ascii: "-"),
            raw[23] == UInt8(ascii: "-")
        else { return nil }
        return nibbles.withUnsafeBufferPointer { table -> UUID? in
            var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            // Any byte that is not a hex digit has 0xFF in the table: its high bits end up here.
            var bad: UInt8 = 0
            withUnsafeMutableBytes(of: &value) { out in
                var i = 0
                for o in 0..<16 {
                    if i == 8 || i == 13 || i == 18 || i == 23 { i += 1 }
                    let high = table[Int(raw[i])]
                    let low = table[Int(raw[i + 1])]
                    bad |= high | low
                    out[o] = high << 4 | low
                    i += 2
                }
            }
            return bad & 0xF0 == 0 ? UUID(uuid: value) : nil
        }
    }

    /// The value of each hex digit, 0xFF for any other byte (one load per digit: ids are
    /// parsed once per event read).
    private static let nibbles: [UInt8] = (0...255).map { c in
        switch UInt8(c) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt8(c) - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt8(c) - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt8(c) - UInt8(ascii: "a") + 10
        default: return 0xFF
        }
    }
}

/// Event metadata as the stores write it: compact JSON with sorted keys (`causation_id`,
/// `command_id`, `correlation_id`, `custom`), byte for byte what `JSONEncoder` with
/// `.sortedKeys` writes for ``EventMetadata``.
///
/// The common shapes (the ids, and at most one `custom` pair of plain ASCII) are written by
/// hand, and everything EventScope writes is read by hand (``fastDecode(_:)``); anything else
/// goes through Foundation's JSON coding. `JSONEncoder` and `JSONDecoder` per event were the
/// largest part of encoding an append on the caller's side and of reading history.
package enum MetadataJSON {
    private static let causationKey = Array(#""causation_id":""#.utf8)
    private static let commandKey = Array(#""command_id":""#.utf8)
    private static let correlationKey = Array(#""correlation_id":""#.utf8)
    private static let customKey = Array(#""custom":{""#.utf8)

    package static func encode(_ metadata: EventMetadata) -> [UInt8] {
        guard metadata.custom.count <= 1, metadata.custom.allSatisfy({ plain($0.key) && plain($0.value) }) else {
            return Array(EventMetadata.encodedByFoundation(metadata))
        }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(200)
        func id(_ key: [UInt8], _ value: UUID?) {
            guard let value else { return }
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out += key
            out += UUIDText.bytes(value)
            out.append(UInt8(ascii: "\""))
        }
        id(causationKey, metadata.causationID)
        id(commandKey, metadata.commandID)
        id(correlationKey, metadata.correlationID)
        if let (key, value) = metadata.custom.first {
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out += customKey
            out += Array(key.utf8)
            out += Array(#"":""#.utf8)
            out += Array(value.utf8)
            out += Array(#""}"#.utf8)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Text `JSONEncoder` writes as it is: printable ASCII without `"`, `\` and `/` (which it
    /// escapes).
    private static func plain(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "/") }
    }

    package static func decode(_ data: Data) -> EventMetadata {
        data.withUnsafeBytes { decode($0) }
    }

    /// As ``decode(_:)-(Data)``, from raw bytes (the reader's path: no copy of the text).
    package static func decode(_ raw: UnsafeRawBufferPointer) -> EventMetadata {
        if let metadata = fastDecode(raw) { return metadata }
        return EventMetadata.decodedByFoundation(Data(raw))
    }

    /// Reads the metadata object by hand: the keys `causation_id`, `command_id`,
    /// `correlation_id` (UUID text or `null`) and `custom` (an object of strings, or `null`), in
    /// any order, with any JSON whitespace and string escapes. `nil` for anything else (another
    /// key, a repeated key, a value of another kind, text that is not JSON or not UTF-8), which
    /// ``EventMetadata/fromJSON(_:)`` then decides, so both always agree.
    package static func fastDecode(_ raw: UnsafeRawBufferPointer) -> EventMetadata? {
        var reader = JSONBytes(raw)
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        var metadata = EventMetadata()
        var seen: UInt8 = 0
        if !reader.take(UInt8(ascii: "}")) {
            repeat {
                guard let key = reader.rawString(), reader.take(UInt8(ascii: ":")) else { return nil }
                let bit: UInt8
                switch key.count {
                case 12 where key.elementsEqual("causation_id".utf8): bit = 1
                case 10 where key.elementsEqual("command_id".utf8): bit = 2
                case 14 where key.elementsEqual("correlation_id".utf8): bit = 4
                case 6 where key.elementsEqual("custom".utf8): bit = 8
                default: return nil
                }
                guard seen & bit == 0 else { return nil }
                seen |= bit
                if bit == 8 {
                    guard let custom = reader.stringObject() else { return nil }
                    metadata.custom = custom
                } else if !reader.takeNull() {
                    guard let text = reader.rawString(), let id = UUIDText.parse(text) else { return nil }
                    switch bit {
                    case 1: metadata.causationID = id
                    case 2: metadata.commandID = id
                    default: metadata.correlationID = id
                    }
                }
            } while reader.take(UInt8(ascii: ","))
            guard reader.take(UInt8(ascii: "}")) else { return nil }
        }
        return reader.atEnd ? metadata : nil
    }
}

/// A cursor over JSON text in raw bytes, for ``MetadataJSON``: each method skips whitespace
/// first and returns `nil`/`false` (consuming nothing useful) when the text is not what it reads.
package struct JSONBytes {
    private let bytes: UnsafeRawBufferPointer
    private var i = 0

    package init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    package var atEnd: Bool {
        mutating get {
            skipSpace()
            return i == bytes.count
        }
    }

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    /// Consumes `byte` if it comes next.
    package mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    /// Consumes the literal `null` if it comes next.
    package mutating func takeNull() -> Bool {
        skipSpace()
        guard bytes.count - i >= 4, bytes[i] == UInt8(ascii: "n"), bytes[i + 1] == UInt8(ascii: "u"),
            bytes[i + 2] == UInt8(ascii: "l"), bytes[i + 3] == UInt8(ascii: "l")
        else { return false }
        i += 4
        return true
    }

    /// The bytes of a string without escapes (ASCII only); `nil` for anything else.
    package mutating func rawString() -> UnsafeRawBufferPointer? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return UnsafeRawBufferPointer(rebasing: bytes[start..<(i - 1)])
            }
            guard c >= 0x20, c < 0x80, c != UInt8(ascii: "\\") else { return nil }
            i += 1
        }
        return nil
    }

    /// A string with JSON escapes resolved; `nil` for a control character, a bad escape, a
    /// lone surrogate or bytes that are not UTF-8.
    package mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        var out: [UInt8] = []
        var start = i
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let tail = UnsafeRawBufferPointer(rebasing: bytes[start..<i])
                i += 1
                if out.isEmpty { return String(validating: tail, as: UTF8.self) }
                out.append(contentsOf: tail)
                return String(validating: out, as: UTF8.self)
            }
            if c < 0x20 { return nil }
            if c != UInt8(ascii: "\\") {
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
            i += 1
            guard i < bytes.count else { return nil }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4() else { return nil }
                if (0xD800..<0xDC00).contains(scalar) {
                    guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { return nil }
                    i += 2
                    guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: return nil
            }
            start = i
        }
        return nil
    }

    /// An object whose values are all strings, or `null` (as an empty one); `nil` otherwise,
    /// and for a repeated key.
    package mutating func stringObject() -> [String: String]? {
        if takeNull() { return [:] }
        guard take(UInt8(ascii: "{")) else { return nil }
        var object: [String: String] = [:]
        if take(UInt8(ascii: "}")) { return object }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")), let value = string(), object.updateValue(value, forKey: key) == nil
            else { return nil }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? object : nil
    }

    private mutating func hex4() -> UInt32? {
        guard bytes.count - i >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }
}
