/// One row of a ``List``.
public struct ListItem: Hashable, Sendable, ExpressibleByStringLiteral {
    /// The text of the row.
    public var line: Line
    /// A style under the line's own styles.
    public var style: Style

    /// Creates an item.
    public init(_ line: Line, style: Style = .plain) {
        self.line = line
        self.style = style
    }

    public init(stringLiteral value: String) { self.init(Line(value)) }
}

/// A vertical list of items with an optional highlighted selection, scrolled by a ``ListState``.
public struct List: StatefulWidget, Sendable {
    /// The rows.
    public var items: [ListItem]
    /// An optional surrounding block.
    public var block: Block?
    /// The base style.
    public var style: Style
    /// Laid over the selected row (reverse by default, so it shows without colours).
    public var highlightStyle: Style
    /// Drawn before the selected row; other rows get as many spaces.
    public var highlightSymbol: String

    /// Creates a list.
    public init(_ items: [ListItem], block: Block? = nil, style: Style = .plain, highlightStyle: Style = Style(modifiers: .reverse), highlightSymbol: String = "▶ ") {
        self.items = items
        self.block = block
        self.style = style
        self.highlightStyle = highlightStyle
        self.highlightSymbol = highlightSymbol
    }

    public func render(in area: Rect, buffer: inout Buffer, state: inout ListState) {
        var inner = area
        if let block {
            block.render(in: area, buffer: &buffer)
            inner = block.inner(area)
        }
        state.clamp(count: items.count)
        guard !inner.isEmpty else { return }
        state.scrollIntoView(height: inner.height, count: items.count)
        let symbolWidth = state.selected == nil ? 0 : displayWidth(of: highlightSymbol)
        for row in 0..<inner.height {
            let index = state.offset + row
            guard index < items.count else { break }
            let item = items[index]
            let rowRect = inner.row(row)
            var rowStyle = style.patched(with: item.style)
            let isSelected = index == state.selected
            if isSelected { rowStyle = rowStyle.patched(with: highlightStyle) }
            buffer.fill(rowRect, with: .blank(rowStyle))
            if symbolWidth > 0 {
                buffer.set(string: isSelected ? highlightSymbol : String(repeating: " ", count: symbolWidth), at: rowRect.origin, style: rowStyle, maxWidth: rowRect.width)
            }
            let textRect = Rect(x: rowRect.x + symbolWidth, y: rowRect.y, width: rowRect.width - symbolWidth, height: 1)
            buffer.set(line: item.line, in: textRect, base: rowStyle)
        }
    }
}

extension List: Widget {
    /// Renders without selection state (no highlight, no scrolling).
    public func render(in area: Rect, buffer: inout Buffer) {
        var state = ListState()
        render(in: area, buffer: &buffer, state: &state)
    }
}
