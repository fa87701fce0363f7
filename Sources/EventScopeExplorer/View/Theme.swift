import EventScopeTerminalUI

/// The explorer's styles in one place. Every meaning also has a non-colour cue (a marker,
/// bold, reverse), so the screen reads the same with `NO_COLOR`.
enum Theme {
    static let title = Style(modifiers: .bold)
    static let header = Style(foreground: .black, background: .cyan)
    static let headerStrong = Style(foreground: .black, background: .cyan, modifiers: .bold)
    static let dim = Style(foreground: .gray)
    static let label = Style(foreground: .gray)
    /// Reverse video: it shows on any theme, light or dark, and on a washed-out projector
    /// (a dark grey background vanishes on both).
    static let selected = Style(modifiers: [.bold, .reverse])
    static let selectedUnfocused = Style(modifiers: .underline)

    static let jsonKey = Style(foreground: .cyan)
    static let jsonString = Style(foreground: .green)
    static let jsonNumber = Style(foreground: .yellow)
    static let jsonLiteral = Style(foreground: .magenta)
    static let jsonPunctuation = Style(foreground: .gray)

    static let added = Style(foreground: .green, modifiers: .bold)
    static let removed = Style(foreground: .red, modifiers: .bold)
    static let changed = Style(foreground: .yellow, modifiers: .bold)

    static let category = Style(foreground: .blue)
    static let eventType = Style(foreground: .magenta)
    static let position = Style(foreground: .gray)
    static let version = Style(foreground: .yellow)

    static let ok = Style(foreground: .green, modifiers: .bold)
    static let error = Style(foreground: .red, modifiers: .bold)
    static let warning = Style(foreground: .yellow, modifiers: .bold)
    static let pending = Style(foreground: .gray)

    /// The loud badge: `PAUSED +N new`.
    static let badge = Style(foreground: .black, background: .yellow, modifiers: .bold)
    static let followBadge = Style(foreground: .green, modifiers: .bold)
    static let statusBar = Style(background: .indexed(236))
    static let statusError = Style(foreground: .white, background: .red, modifiers: .bold)
    static let popup = Style.plain
}
