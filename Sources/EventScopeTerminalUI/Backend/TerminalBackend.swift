/// A terminal that draws cell changes and produces keys: curses in production, memory in tests.
///
/// Contract:
/// - `draw` and the cursor calls queue work; nothing is visible until `flush` returns. Calls
///   are applied in the order made. A backend draws only the cells it is given.
/// - `flush` makes the queued frame visible (curses: one `doupdate`) and returns once it is.
/// - `size` is the latest known size; after a resize the backend also yields `.resize` on
///   `events`, and the next frame should be drawn in full (``Terminal`` does this).
/// - `events` is a single-consumer stream of decoded keys; it finishes when the backend stops.
/// - Implementations are thread-safe and never block the caller on terminal I/O for long.
public protocol TerminalBackend: AnyObject, Sendable {
    /// The terminal's current size in cells.
    var size: Size { get }
    /// The colours the backend can draw (styles are downgraded to this by the backend).
    var colorMode: ColorMode { get }
    /// Queues `changes` to be drawn at their positions.
    func draw(_ changes: [CellChange])
    /// Queues moving the visible cursor to `position` and showing it.
    func setCursor(_ position: Position)
    /// Queues hiding the cursor.
    func hideCursor()
    /// Queues clearing the whole screen (before a full redraw).
    func clear()
    /// Makes everything queued visible; returns when it is.
    func flush() async
    /// Decoded input, in order.
    var events: AsyncStream<Key> { get }
}
