/// One input event, decoded once by the backend.
///
/// Key bindings match on these cases, never on raw bytes or escape sequences. Conventions:
/// - Printable text arrives as `.char` (any grapheme, e.g. `"é"` or `"日"`), including space.
/// - `Ctrl` + letter arrives as `.ctrl` with the lowercase letter (`Ctrl-C` is `.ctrl("c")`),
///   except the keys terminals cannot tell apart from it: `Ctrl-I` is `.tab`, `Ctrl-M`/`Ctrl-J`
///   are `.enter`, `Ctrl-H`/DEL are `.backspace`, `Ctrl-[` is `.escape`.
/// - `Alt` + key arrives as `.alt` (ESC followed by the key).
public enum Key: Hashable, Sendable {
    /// A printable grapheme.
    case char(Character)
    case up, down, left, right
    case pageUp, pageDown
    case home, end
    case insert, delete
    /// Function key `F1`…`F63`.
    case function(Int)
    case tab
    /// Shift-Tab.
    case backTab
    case enter
    case escape
    case backspace
    /// Ctrl + a character (lowercase letter, or one of `@ [ \ ] ^ _ space`).
    case ctrl(Character)
    /// Alt (Meta) + a character.
    case alt(Character)
    /// The terminal was resized to this size.
    case resize(Size)
    /// A mouse event (only delivered when the backend was asked to enable the mouse).
    case mouse(MouseEvent)
    /// A key the backend could not name, with its raw code (for diagnostics; bind nothing to it).
    case unknown(Int)

    /// A short human name, as shown in key hints and help screens: `"q"`, `"Ctrl-C"`, `"↑"`, `"F5"`.
    public var displayName: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return sanitized(String(c))
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .insert: return "Ins"
        case .delete: return "Del"
        case .function(let n): return "F\(n)"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .ctrl(let c): return "Ctrl-\(sanitized(String(c)).uppercased())"
        case .alt(let c): return "Alt-\(sanitized(String(c)))"
        case .resize(let size): return "Resize(\(size))"
        case .mouse(let event): return "Mouse(\(event))"
        case .unknown(let code): return "Key(\(code))"
        }
    }
}

extension Key {
    /// Decodes one character code as typed on a terminal: control codes become `.ctrl`,
    /// `.enter`, `.tab`, `.backspace` or `.escape`; everything else is `.char`.
    ///
    /// Backends call this for every non-special code point they read.
    public static func fromCodePoint(_ value: UInt32) -> Key {
        switch value {
        case 0x09: return .tab
        case 0x0A, 0x0D: return .enter
        case 0x08, 0x7F: return .backspace
        case 0x1B: return .escape
        case 0x00: return .ctrl(" ")
        case 0x01...0x1A: return .ctrl(Character(UnicodeScalar(value + 0x60)!))
        case 0x1C...0x1F: return .ctrl(Character(UnicodeScalar(value + 0x40)!))
        default:
            guard let scalar = UnicodeScalar(value) else { return .unknown(Int(value)) }
            if value >= 0x80 && value < 0xA0 { return .unknown(Int(value)) }
            return .char(Character(scalar))
        }
    }
}
