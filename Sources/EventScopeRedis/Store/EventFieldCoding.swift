import EventScope
import Foundation

/// Event ids as the store writes them: 36 ASCII characters, upper-case hex (as `uuidString`).
///
/// Hand-written because Foundation's formatting and parsing (printf/scanf) cost more than the
/// rest of an append on this path.
enum UUIDText {
    private static let hex = Array("0123456789ABCDEF".utf8)

    /// `uuid` as 36 ASCII bytes, e.g. `E621E1F8-C36C-495A-93FC-0C247A3E6E5F`.
    static func bytes(_ uuid: UUID) -> [UInt8] {
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

    /// Parses 36-character text in either case; `nil` for anything else.
    static func parse(_ data: Data) -> UUID? {
        guard data.count == 36 else { return nil }
        return data.withUnsafeBytes { parse($0) }
    }

    /// As ``parse(_:)-(Data)``, from raw bytes.
    static func parse(_ raw: UnsafeRawBufferPointer) -> UUID? {
        guard raw.count == 36 else { return nil }
        do {
            var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let ok = withUnsafeMutableBytes(of: &value) { out -> Bool in
                var o = 0
                var i = 0
                while i < 36 {
                    if i == 8 || i == 13 || i == 18 || i == 23 {
                        guard raw[i] == UInt8(ascii: "-") else { return false }
                        i += 1
                        continue
                    }
                    guard let high = nibble(raw[i]), let low = nibble(raw[i + 1]) else { return false }
                    out[o] = high << 4 | low
                    o += 1
                    i += 2
                }
                return true
            }
            return ok ? UUID(uuid: value) : nil
        }
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}

/// Event metadata as the store writes it: compact JSON with sorted keys, the shape
/// ``EventMetadata/jsonData()`` describes (`causation_id`, `correlation_id`, `custom`).
///
/// The common shapes (no `custom` pairs) are written and read by hand; anything else goes
/// through `EventMetadata`'s own JSON coding.
enum MetadataJSON {
    private static let causationKey = Array(#""causation_id":""#.utf8)
    private static let correlationKey = Array(#""correlation_id":""#.utf8)

    static func encode(_ metadata: EventMetadata) -> [UInt8] {
        guard metadata.custom.isEmpty, metadata.commandID == nil else { return Array(metadata.jsonData()) }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(100)
        if let causation = metadata.causationID {
            out += causationKey + UUIDText.bytes(causation) + [UInt8(ascii: "\"")]
        }
        if let correlation = metadata.correlationID {
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out += correlationKey + UUIDText.bytes(correlation) + [UInt8(ascii: "\"")]
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    static func decode(_ data: Data) -> EventMetadata {
        fastDecode(data) ?? EventMetadata.fromJSON(data)
    }

    /// Reads exactly what ``encode(_:)`` writes for metadata without custom pairs.
    private static func fastDecode(_ data: Data) -> EventMetadata? {
        let bytes = [UInt8](data)
        guard bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return nil }
        var metadata = EventMetadata()
        var i = 1
        func uuid(after key: [UInt8]) -> UUID? {
            guard bytes.count >= i + key.count + 37, Array(bytes[i..<(i + key.count)]) == key,
                bytes[i + key.count + 36] == UInt8(ascii: "\"")
            else { return nil }
            let text = Data(bytes[(i + key.count)..<(i + key.count + 36)])
            i += key.count + 37
            return UUIDText.parse(text)
        }
        if bytes.count > i + 1, bytes[i + 1] == UInt8(ascii: "c"), bytes.count > i + 2, bytes[i + 2] == UInt8(ascii: "a") {
            guard let id = uuid(after: causationKey) else { return nil }
            metadata.causationID = id
            if bytes[i] == UInt8(ascii: ",") { i += 1 }
        }
        if bytes.count > i + 2, bytes[i + 1] == UInt8(ascii: "c"), bytes[i + 2] == UInt8(ascii: "o") {
            guard let id = uuid(after: correlationKey) else { return nil }
            metadata.correlationID = id
        }
        return i == bytes.count - 1 ? metadata : nil
    }
}
