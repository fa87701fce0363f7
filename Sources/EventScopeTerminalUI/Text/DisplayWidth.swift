// Display width of graphemes, as a terminal draws them (wcwidth semantics, per grapheme).
//
// Swift's standard library gives grapheme clusters (`Character`) and emoji properties but not
// the Unicode East Asian Width property, so the wide ranges are tabulated here.

/// The number of terminal cells `string` occupies once drawn by a ``Buffer``.
///
/// Wide characters (CJK, fullwidth forms, emoji) count 2, combining marks count 0, a
/// zero-width-joiner sequence counts as one grapheme, and control characters count the
/// width of their visible replacement (see ``sanitized(_:)``), since that is what is drawn.
public func displayWidth(of string: String) -> Int {
    var total = 0
    VisibleText.forEachCell(of: string) { _, width in total += width }
    return total
}

/// The number of cells a single printable grapheme occupies: 0, 1 or 2.
///
/// Control characters report 0 here; ``displayWidth(of:)`` accounts for their visible form.
public func displayWidth(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if scalars.count == 1 { return scalarWidth(first) }
    var base: Int?
    var hasVS16 = false
    var hasVS15 = false
    var emojiBase = false
    for scalar in scalars {
        switch scalar.value {
        case 0xFE0F: hasVS16 = true; continue
        case 0xFE0E: hasVS15 = true; continue
        default: break
        }
        if base == nil {
            let w = scalarWidth(scalar)
            if w > 0 {
                base = w
                emojiBase = scalar.properties.isEmoji
            }
        }
    }
    guard var width = base else { return 0 }
    if hasVS16 && emojiBase { width = 2 }
    if hasVS15 && emojiBase && width == 2 && !isEastAsianWide(first.value) { width = 1 }
    return width
}

/// Width of one scalar outside any cluster: 0 for controls, marks and format characters.
@inline(__always)
func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v >= 0x20 && v < 0x7F { return 1 }
    if v < 0x10000 { return Int(bmpWidths[Int(v)]) }
    return computeScalarWidth(scalar)
}

/// Widths of every Basic Multilingual Plane scalar, computed once: Unicode property lookups
/// are too slow to repeat for every cell of every frame.
private let bmpWidths: [UInt8] = (0..<0x10000).map { v in
    UnicodeScalar(UInt32(v)).map { UInt8(computeScalarWidth($0)) } ?? 0
}

private func computeScalarWidth(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
    if v < 0x300 { return v == 0xAD ? 0 : 1 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control: return 0
    default: break
    }
    if v >= 0x1160 && v <= 0x11FF { return 0 }  // Hangul medial vowels and final consonants.
    if isEastAsianWide(v) || scalar.properties.isEmojiPresentation { return 2 }
    return 1
}

/// East Asian Wide (W) and Fullwidth (F) ranges, excluding emoji (handled by emoji properties).
private let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
    0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
    0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
    0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF,
    0x1B000...0x1B2FF, 0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
]

func isEastAsianWide(_ v: UInt32) -> Bool {
    if v < 0x1100 { return false }
    var lo = 0
    var hi = wideRanges.count - 1
    while lo <= hi {
        let mid = (lo + hi) / 2
        let range = wideRanges[mid]
        if v < range.lowerBound { hi = mid - 1 } else if v > range.upperBound { lo = mid + 1 } else { return true }
    }
    return false
}
