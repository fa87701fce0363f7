/// What a draw closure of ``Terminal`` fills in: the buffer and where the cursor goes.
public struct Frame {
    /// The frame's cells (covering the whole screen).
    public var buffer: Buffer
    /// Where to show the cursor after drawing, or `nil` to hide it.
    public var cursor: Position?

    /// The whole screen area.
    public var area: Rect { buffer.area }

    /// Renders `widget` inside `area`.
    public mutating func render(_ widget: some Widget, in area: Rect) {
        widget.render(in: area, buffer: &buffer)
    }

    /// Renders a stateful widget inside `area`.
    public mutating func render<W: StatefulWidget>(_ widget: W, in area: Rect, state: inout W.State) {
        widget.render(in: area, buffer: &buffer, state: &state)
    }
}
