/// Owns the previous and the current frame and sends only their difference to a backend
/// (ratatui's model).
///
/// Use from a single task:
/// ```swift
/// var terminal = Terminal(backend: backend)
/// await terminal.draw { frame in
///     frame.render(Paragraph("hello"), in: frame.area)
/// }
/// ```
public struct Terminal: ~Copyable {
    /// The backend frames are drawn to.
    public let backend: any TerminalBackend
    private var previous: Buffer
    private var needsFullRedraw = true

    /// Creates a terminal drawing to `backend`; the first frame is drawn in full.
    public init(backend: any TerminalBackend) {
        self.backend = backend
        self.previous = Buffer(size: backend.size)
    }

    /// The size the next frame will have.
    public var size: Size { backend.size }

    /// Forces the next frame to clear the screen and draw every cell (e.g. after the terminal
    /// was disturbed by another program).
    public mutating func invalidate() { needsFullRedraw = true }

    /// Draws one frame: calls `body` with a blank frame of the current size, sends the changed
    /// cells and the cursor to the backend, and flushes.
    ///
    /// A size change since the previous frame clears the screen and redraws every cell.
    /// - Returns: The number of cells sent to the backend.
    @discardableResult
    public mutating func draw(_ body: (inout Frame) -> Void) async -> Int {
        let size = backend.size
        var frame = Frame(buffer: Buffer(size: size), cursor: nil)
        body(&frame)
        let changes: [CellChange]
        if needsFullRedraw || previous.area.size != size {
            backend.clear()
            changes = frame.buffer.allChanges()
            needsFullRedraw = false
        } else {
            changes = frame.buffer.diff(from: previous)
        }
        backend.draw(changes)
        if let cursor = frame.cursor, frame.buffer.area.contains(cursor) {
            backend.setCursor(cursor)
        } else {
            backend.hideCursor()
        }
        await backend.flush()
        previous = frame.buffer
        return changes.count
    }
}
