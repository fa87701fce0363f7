/// A key and what it does, as shown in a ``StatusBar`` and in help screens.
public struct KeyHint: Hashable, Sendable {
    /// The key's label, e.g. `"q"` or `"Ctrl-C"`.
    public var key: String
    /// What it does, e.g. `"quit"`.
    public var label: String

    /// Creates a hint.
    public init(_ key: String, _ label: String) {
        self.key = key
        self.label = label
    }

    /// Creates a hint for a ``Key``, labelled with its ``Key/displayName``.
    public init(_ key: Key, _ label: String) {
        self.init(key.displayName, label)
    }
}

/// One row at the bottom of the screen: key hints on the left (`[q] quit  [?] help`), a
/// message on the right. Hints that do not fit are dropped from the end, whole.
public struct StatusBar: Widget, Sendable {
    /// The hints, most important first.
    public var hints: [KeyHint]
    /// Text on the right (status, errors); cut with `…` when it does not fit.
    public var message: Line?
    /// The bar's style (reverse by default, visible without colours).
    public var style: Style
    /// Laid over each key label.
    public var keyStyle: Style

    /// Creates a status bar.
    public init(hints: [KeyHint], message: Line? = nil, style: Style = Style(modifiers: .reverse), keyStyle: Style = Style(modifiers: .bold)) {
        self.hints = hints
        self.message = message
        self.style = style
        self.keyStyle = keyStyle
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let row = area.row(0)
        buffer.fill(row, with: .blank(style))
        let messageWidth = message.map { min($0.width, row.width / 2) } ?? 0
        let hintsEnd = row.right - (messageWidth > 0 ? messageWidth + 1 : 0)
        var x = row.x
        for (i, hint) in hints.enumerated() {
            let line = Line([Span("[\(hint.key)]", style: keyStyle), Span(" \(hint.label)")])
            let needed = (i == 0 ? 0 : 2) + line.width
            if x + needed > hintsEnd { break }
            if i > 0 { x += 2 }
            x = buffer.set(line: line, at: Position(x: x, y: row.y), base: style).x
        }
        if let message, messageWidth > 0 {
            let rect = Rect(x: row.right - messageWidth, y: row.y, width: messageWidth, height: 1)
            buffer.set(line: message, in: rect, alignment: .right, base: style)
        }
    }
}
