/// A terminal colour.
///
/// `.default` is the terminal's own foreground or background. The sixteen named colours are
/// the ANSI palette (0–15); `.indexed` is the xterm 256-colour palette; `.rgb` is 24-bit and
/// is downgraded by ``ColorMode`` to the nearest palette entry, since curses draws palettes.
public enum Color: Hashable, Sendable {
    /// The terminal's default colour.
    case `default`
    case black, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow
    case brightBlue, brightMagenta, brightCyan, brightWhite
    /// An entry of the xterm 256-colour palette.
    case indexed(UInt8)
    /// A 24-bit colour (downgraded to the 256- or 16-colour palette when drawn).
    case rgb(UInt8, UInt8, UInt8)

    /// Alias of `.brightBlack`, the usual "dim grey".
    public static let gray = Color.brightBlack

    /// The 16 named colours in ANSI order (index = palette number).
    public static let named: [Color] = [
        .black, .red, .green, .yellow, .blue, .magenta, .cyan, .white,
        .brightBlack, .brightRed, .brightGreen, .brightYellow,
        .brightBlue, .brightMagenta, .brightCyan, .brightWhite,
    ]

    /// The palette index of a named or indexed colour; `nil` for `.default` and `.rgb`.
    public var paletteIndex: Int? {
        switch self {
        case .default, .rgb: return nil
        case .indexed(let i): return Int(i)
        default: return Color.named.firstIndex(of: self)
        }
    }
}
