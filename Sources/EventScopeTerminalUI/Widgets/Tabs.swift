/// A row of tab titles with the selected one highlighted.
public struct Tabs: Widget, Sendable {
    /// The titles, left to right.
    public var titles: [Line]
    /// The selected title's index.
    public var selected: Int
    /// The base style.
    public var style: Style
    /// Laid over the selected title (reverse and bold by default).
    public var highlightStyle: Style
    /// Drawn between titles.
    public var divider: Span
    /// An optional surrounding block.
    public var block: Block?

    /// Creates tabs.
    public init(_ titles: [Line], selected: Int = 0, style: Style = .plain, highlightStyle: Style = Style(modifiers: [.reverse, .bold]), divider: Span = Span(" │ "), block: Block? = nil) {
        self.titles = titles
        self.selected = selected
        self.style = style
        self.highlightStyle = highlightStyle
        self.divider = divider
        self.block = block
    }

    /// Creates tabs from plain titles.
    public init(_ titles: [String], selected: Int = 0) {
        self.init(titles.map { Line($0) }, selected: selected)
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        var inner = area
        if let block {
            block.render(in: area, buffer: &buffer)
            inner = block.inner(area)
        }
        guard !inner.isEmpty else { return }
        buffer.fill(inner.row(0), with: .blank(style))
        var x = inner.x
        for (index, title) in titles.enumerated() {
            guard x < inner.right else { break }
            if index > 0 {
                x = buffer.set(string: divider.content, at: Position(x: x, y: inner.y), style: style.patched(with: divider.style), maxWidth: inner.right - x).x
            }
            let s = index == selected ? style.patched(with: highlightStyle) : style
            let padded = Line([Span(" ")] + title.spans + [Span(" ")], style: title.style)
            x = buffer.set(line: padded, at: Position(x: x, y: inner.y), base: s, maxWidth: inner.right - x).x
        }
    }
}
