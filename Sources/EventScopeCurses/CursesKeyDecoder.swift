import CEventScopeNcursesw
import EventScopeTerminalUI

/// Turns what `wget_wch` returns into ``Key``s. Pure, so it is tested without a terminal.
enum CursesKeyDecoder {
    /// Decodes a function-key code (`wget_wch` returned `KEY_CODE_YES`).
    ///
    /// Returns `nil` for `KEY_RESIZE` and `KEY_MOUSE`, which need the terminal to decode.
    static func decode(functionKey code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_RESIZE, KEY_MOUSE: return nil
        default:
            let f0 = es_key_f(0)
            if code > f0 && code <= f0 + 63 { return .function(Int(code - f0)) }
            return .unknown(Int(code))
        }
    }

    /// Decodes a character code, as ``Key/fromCodePoint(_:)`` does.
    static func decode(character: UInt32) -> Key {
        Key.fromCodePoint(character)
    }

    /// Combines ESC with the character that followed it at once into Alt+character.
    ///
    /// - Returns: `.alt` for a printable or control follower, `nil` when the pair is not an Alt
    ///   combination (e.g. ESC ESC), in which case both keys are delivered separately.
    static func alt(following key: Key) -> Key? {
        switch key {
        case .char(let c): return .alt(c)
        case .enter: return .alt("\r")
        case .backspace: return .alt("\u{7F}")
        default: return nil
        }
    }
}
