/// How a cell is drawn: foreground, background and modifiers.
///
/// A `nil` colour means "unset": ``patched(with:)`` keeps the colour underneath, and a
/// backend draws an unset colour as the terminal default. Styles compose the way ratatui's
/// do: a widget's base style, patched by a span's style, patched by a selection highlight.
public struct Style: Hashable, Sendable {
    /// Foreground colour, or `nil` to inherit.
    public var foreground: Color?
    /// Background colour, or `nil` to inherit.
    public var background: Color?
    /// Attributes to switch on.
    public var modifiers: Modifiers

    /// Creates a style.
    public init(foreground: Color? = nil, background: Color? = nil, modifiers: Modifiers = []) {
        self.foreground = foreground
        self.background = background
        self.modifiers = modifiers
    }

    /// The plain style: default colours, no modifiers.
    public static let plain = Style()

    /// This style with `other` laid on top: `other`'s set colours win, modifiers are combined.
    public func patched(with other: Style) -> Style {
        Style(
            foreground: other.foreground ?? foreground,
            background: other.background ?? background,
            modifiers: modifiers.union(other.modifiers)
        )
    }

    // MARK: - Builders

    /// This style with a foreground colour.
    public func fg(_ color: Color) -> Style { var s = self; s.foreground = color; return s }
    /// This style with a background colour.
    public func bg(_ color: Color) -> Style { var s = self; s.background = color; return s }
    /// This style with `modifiers` added.
    public func adding(_ modifiers: Modifiers) -> Style { var s = self; s.modifiers.formUnion(modifiers); return s }
    /// This style with `modifiers` removed.
    public func removing(_ modifiers: Modifiers) -> Style { var s = self; s.modifiers.subtract(modifiers); return s }
    /// This style in bold.
    public var bold: Style { adding(.bold) }
    /// This style dimmed.
    public var dim: Style { adding(.dim) }
    /// This style reversed (foreground and background swapped by the terminal).
    public var reversed: Style { adding(.reverse) }
    /// This style underlined.
    public var underlined: Style { adding(.underline) }
    /// This style in italics.
    public var italic: Style { adding(.italic) }
}
