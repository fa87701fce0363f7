import CEventScopeNcursesw
import EventScopeTerminalUI

/// Turns ``Style``s into curses attributes and colour pairs, allocating each pair once.
///
/// Lives on the curses thread. Pair 0 is the terminal default; new (foreground, background)
/// combinations get the next free pair until `COLOR_PAIRS` runs out, after which they fall
/// back to pair 0 (attributes still apply, so text stays readable).
struct CursesPalette {
    /// The mode styles are downgraded to.
    let mode: ColorMode
    /// Whether the terminal accepted `use_default_colors` (-1 = terminal default).
    private let hasDefaultColors: Bool
    private let maxPairs: Int
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1

    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// Sets up colours for the current screen and picks the mode.
    init(requested: ColorMode?, noColor: Bool) {
        var mode = ColorMode.none
        var hasDefaults = false
        if has_colors(), requested != ColorMode.none, requested != nil || !noColor {
            // COLORS is only known after start_color.
            start_color()
            hasDefaults = use_default_colors() == es_ok()
            let available = ColorMode.forTerminal(colors: Int(es_colors()))
            mode = min(requested ?? available, available)
        }
        self.mode = mode
        self.hasDefaultColors = hasDefaults
        self.maxPairs = mode == .none ? 0 : Int(min(es_color_pairs(), 32767 * 2))
    }

    /// Attributes and pair number for `style`.
    mutating func attributes(for style: Style) -> (attrs: attr_t, pair: Int32) {
        let s = style.downgraded(to: mode)
        var attrs = es_a_normal()
        let m = s.modifiers
        if m.contains(.bold) { attrs |= es_a_bold() }
        if m.contains(.dim) { attrs |= es_a_dim() }
        if m.contains(.italic) { attrs |= es_a_italic() }
        if m.contains(.underline) { attrs |= es_a_underline() }
        if m.contains(.reverse) { attrs |= es_a_reverse() }
        if m.contains(.blink) { attrs |= es_a_blink() }
        guard mode > .none else { return (attrs, 0) }
        let key = PairKey(foreground: number(s.foreground, isBackground: false), background: number(s.background, isBackground: true))
        if key.foreground == -1 && key.background == -1 { return (attrs, 0) }
        if let pair = pairs[key] { return (attrs, pair) }
        guard Int(nextPair) < maxPairs else { return (attrs, 0) }
        let pair = nextPair
        guard init_extended_pair(pair, key.foreground, key.background) == es_ok() else { return (attrs, 0) }
        nextPair += 1
        pairs[key] = pair
        return (attrs, pair)
    }

    /// The curses colour number of `color` (already downgraded): -1 for the default.
    private func number(_ color: Color?, isBackground: Bool) -> Int32 {
        let defaultNumber: Int32 = hasDefaultColors ? -1 : (isBackground ? 0 : 7)
        guard let color, let index = color.paletteIndex else { return defaultNumber }
        return Int32(index)
    }
}
