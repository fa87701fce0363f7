/// Blanks its area: draw it under a popup so the content below does not show through.
public struct Clear: Widget, Sendable {
    /// The style of the blank cells.
    public var style: Style

    /// Creates a clear widget.
    public init(style: Style = .plain) { self.style = style }

    public func render(in area: Rect, buffer: inout Buffer) {
        buffer.fill(area, with: .blank(style))
    }
}
