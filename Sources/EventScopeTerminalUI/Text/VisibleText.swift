// MARK: - Sanitising
//
// Text handed to a widget may come from anywhere (event payloads, aggregate ids typed by a
// user), so it may hold escape sequences that would recolour, move the cursor or retitle the
// terminal. Nothing reaches the terminal raw: `Buffer.set` runs every string through
// `VisibleText`, so no widget can forget. The scheme, one visible replacement per scalar:
//
// | input                         | drawn as                                   |
// |-------------------------------|--------------------------------------------|
// | C0 controls U+0000–U+001F     | Control Pictures U+2400+x: `␀` … `␟`       |
// |   ESC (U+001B)                |   `␛`, so `ESC[31m` shows as `␛[31m`       |
// |   LF / CR                     |   `␊` / `␍` (single-line text)             |
// |   TAB                         |   spaces up to the next multiple of 4      |
// |                               |   columns from the start of the string     |
// | DEL U+007F                    | `␡`                                        |
// | C1 controls U+0080–U+009F     | `␛` + the 7-bit equivalent (ESC Fe), so   |
// |                               |   CSI U+009B shows as `␛[`                 |
// | lone format characters (bidi  | dropped (zero width, and bidi overrides    |
// |   overrides, ZWSP, BOM, SHY)  |   can disguise text)                       |
// | lone combining mark           | on a dotted circle: `◌́`                    |

/// `string` as it will be drawn: control characters replaced by their visible forms.
///
/// This is the text a ``Buffer`` stores for `string`; see the file comment of
/// `VisibleText.swift` for the exact scheme (`"\u{1B}[31m"` becomes `"␛[31m"`).
public func sanitized(_ string: String) -> String {
    var out = ""
    out.reserveCapacity(string.utf8.count)
    VisibleText.forEachCell(of: string) { symbol, _ in out += symbol.string }
    return out
}

/// Splits text into drawable cells, replacing control characters on the way.
enum VisibleText {
    /// Columns between tab stops when tabs are expanded.
    static let tabWidth = 4

    /// Calls `body` with each drawable grapheme of `string` and its width (1 or 2).
    ///
    /// Every yielded symbol is printable: no C0, C1, DEL or lone format character.
    @inline(__always)
    static func forEachCell(of string: String, startColumn: Int = 0, _ body: (CellSymbol, Int) -> Void) {
        // Fast path: printable ASCII needs no grapheme breaking.
        if string.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            for byte in string.utf8 {
                body(CellSymbol(ascii: byte), 1)
            }
            return
        }
        var column = startColumn
        for character in string {
            let scalars = character.unicodeScalars
            let first = scalars.first!
            if scalars.count == 1 && !isControl(first) {
                // One scalar: the width table answers.
                let width = scalarWidth(first)
                if width > 0 {
                    body(first.value < 0x80 ? CellSymbol(ascii: UInt8(first.value)) : CellSymbol(character), width)
                    column += width
                } else {
                    yieldZeroWidth(character, &column, body)
                }
            } else if scalars.contains(where: isControl) {
                for scalar in scalars {
                    if scalar.value == 0x09 {
                        let spaces = tabWidth - ((column - startColumn) % tabWidth)
                        for _ in 0..<spaces { body(.space, 1) }
                        column += spaces
                    } else if isControl(scalar) {
                        for picture in visibleForm(of: scalar) { body(CellSymbol(picture), 1); column += 1 }
                    } else {
                        yield(Character(scalar), &column, body)
                    }
                }
            } else {
                yield(character, &column, body)
            }
        }
    }

    @inline(__always)
    private static func yield(_ character: Character, _ column: inout Int, _ body: (CellSymbol, Int) -> Void) {
        let width = displayWidth(of: character)
        if width > 0 {
            body(CellSymbol(character), width)
            column += width
        } else {
            yieldZeroWidth(character, &column, body)
        }
    }

    /// A zero-width grapheme on its own: a lone combining mark is shown on a dotted circle;
    /// lone format characters (ZWSP, bidi controls, BOM, soft hyphen) are dropped.
    private static func yieldZeroWidth(_ character: Character, _ column: inout Int, _ body: (CellSymbol, Int) -> Void) {
        let first = character.unicodeScalars.first!
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark:
            body(CellSymbol("\u{25CC}" + String(character)), 1)
            column += 1
        default:
            return
        }
    }

    @inline(__always)
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v < 0xA0)
    }

    /// The visible replacement of a control scalar, one string per cell.
    static func visibleForm(of scalar: Unicode.Scalar) -> [String] {
        let v = scalar.value
        switch v {
        case 0..<0x20: return [String(UnicodeScalar(0x2400 + v)!)]
        case 0x7F: return ["\u{2421}"]
        default: return ["\u{241B}", String(UnicodeScalar(UInt8(v - 0x80 + 0x40)))]
        }
    }
}
