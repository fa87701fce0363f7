import Synchronization

/// A cell's grapheme stored inline, so that ``Cell`` is a plain value with no reference
/// counting: copying, comparing and diffing cells is then a few integer operations.
///
/// Up to 16 UTF-8 bytes are packed into two words (zero-padded; a sanitised symbol never
/// contains NUL). Longer graphemes (family emoji and other long ZWJ sequences) are interned
/// in a process-wide table and stored as a marker byte plus their index; the table only
/// grows with *distinct* long graphemes, which stay few in practice.
struct CellSymbol: Hashable, Sendable {
    private var low: UInt64
    private var high: UInt64

    private static let internedMarker: UInt64 = 0xFF  // never a first byte of UTF-8

    /// The empty symbol of a continuation cell.
    static let empty = CellSymbol(low: 0, high: 0)
    /// A space.
    static let space = CellSymbol(ascii: 0x20)

    private init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// A one-byte ASCII symbol.
    @inline(__always)
    init(ascii: UInt8) {
        low = UInt64(ascii)
        high = 0
    }

    /// The symbol for a grapheme (or any short string).
    init(_ string: some StringProtocol) {
        let utf8 = string.utf8
        if utf8.count <= 16 {
            var low: UInt64 = 0
            var high: UInt64 = 0
            for (i, byte) in utf8.enumerated() {
                if i < 8 { low |= UInt64(byte) << (8 * UInt64(i)) } else { high |= UInt64(byte) << (8 * UInt64(i - 8)) }
            }
            self.init(low: low, high: high)
        } else {
            self.init(low: CellSymbol.internedMarker, high: CellSymbolTable.shared.id(for: String(string)))
        }
    }

    /// The symbol for a grapheme.
    init(_ character: Character) {
        self.init(String(character))
    }

    /// Whether this is the single byte `byte`.
    @inline(__always)
    func isASCII(_ byte: UInt8) -> Bool { low == UInt64(byte) && high == 0 }

    /// The grapheme as a string.
    var string: String {
        if low == CellSymbol.internedMarker { return CellSymbolTable.shared.string(for: high) }
        if low == 0 { return "" }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for word in [low, high] {
            var w = word
            while w != 0 {
                bytes.append(UInt8(truncatingIfNeeded: w))
                w >>= 8
            }
            if word == low && bytes.count < 8 { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The process-wide table of interned long graphemes.
final class CellSymbolTable: Sendable {
    static let shared = CellSymbolTable()
    private let table = Mutex<(ids: [String: UInt64], strings: [String])>(([:], []))

    func id(for string: String) -> UInt64 {
        table.withLock { t in
            if let id = t.ids[string] { return id }
            let id = UInt64(t.strings.count)
            t.strings.append(string)
            t.ids[string] = id
            return id
        }
    }

    func string(for id: UInt64) -> String {
        table.withLock { $0.strings[Int(id)] }
    }
}
