/// A modal box centred over the screen: clears its area, draws a bordered block, and renders
/// its content inside.
///
/// ```swift
/// frame.render(Popup(title: "Help", size: Size(width: 40, height: 10), content: Paragraph(helpLines)), in: frame.area)
/// ```
public struct Popup<Content: Widget>: Widget {
    /// The block drawn around the content.
    public var block: Block
    /// The outer size (borders included); shrunk to the area when larger.
    public var size: Size
    /// What is shown inside.
    public var content: Content
    /// The background of the popup.
    public var style: Style

    /// Creates a popup.
    public init(title: String? = nil, size: Size, content: Content, style: Style = .plain, borderSet: BorderSet = .rounded) {
        self.block = Block(title: title.map { Line(" \($0) ", style: Style(modifiers: .bold)) }, borderSet: borderSet, style: style)
        self.size = size
        self.content = content
        self.style = style
    }

    /// Where the popup will be drawn inside `area`.
    public func area(in area: Rect) -> Rect { area.centered(size) }

    /// Where the content goes inside `area` (for placing a cursor, or hit-testing).
    public func contentArea(in area: Rect) -> Rect { block.inner(self.area(in: area)) }

    public func render(in area: Rect, buffer: inout Buffer) {
        let box = self.area(in: area)
        Clear(style: style).render(in: box, buffer: &buffer)
        block.render(in: box, buffer: &buffer)
        content.render(in: block.inner(box), buffer: &buffer)
    }
}

extension Popup: Sendable where Content: Sendable {}
