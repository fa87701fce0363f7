/// Something that draws itself into a ``Buffer`` inside a ``Rect``, and nothing else.
///
/// Contract: `render` writes only cells inside `area` (clipped to the buffer), never
/// touches the terminal, and is deterministic given its inputs. Widgets are values, built
/// afresh for every frame; anything that must survive frames (selection, scroll offset,
/// cursor) lives in a separate state value — see ``StatefulWidget``.
public protocol Widget {
    /// Draws the widget into `buffer`, inside `area`.
    func render(in area: Rect, buffer: inout Buffer)
}

/// A widget whose scroll or selection lives in a separate, caller-owned state value.
///
/// `render` may adjust the state (e.g. move a list's offset so the selection is visible),
/// which is why it is `inout`; the caller keeps the state between frames.
public protocol StatefulWidget {
    /// The state kept between frames.
    associatedtype State
    /// Draws the widget into `buffer` inside `area`, updating `state` as needed.
    func render(in area: Rect, buffer: inout Buffer, state: inout State)
}

extension Buffer {
    /// Renders `widget` into this buffer inside `area`.
    public mutating func render(_ widget: some Widget, in area: Rect) {
        widget.render(in: area, buffer: &self)
    }

    /// Renders a stateful widget into this buffer inside `area`.
    public mutating func render<W: StatefulWidget>(_ widget: W, in area: Rect, state: inout W.State) {
        widget.render(in: area, buffer: &self, state: &state)
    }
}
