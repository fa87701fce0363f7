import Synchronization

/// An in-memory ``TerminalBackend`` for tests: applies changes to a screen ``Buffer`` and
/// records every flushed frame as text lines and styles.
///
/// Inject input with ``send(_:)`` and resizes with ``resize(to:)``.
public final class TestBackend: TerminalBackend {
    /// A flushed frame: the whole screen as it was after `flush`.
    public struct Frame: Sendable, Hashable {
        /// The screen contents.
        public var buffer: Buffer
        /// The visible cursor position, or `nil` when hidden.
        public var cursor: Position?
        /// How many cells the frame's `draw` calls changed.
        public var changedCells: Int
        /// The screen's text, one string per row.
        public var lines: [String] { buffer.lines }
        /// The style of the cell at `(x, y)`.
        public func style(atX x: Int, y: Int) -> Style { buffer[x, y].style }
    }

    private struct State {
        var screen: Buffer
        var cursor: Position?
        var pendingChanges = 0
        var frames: [Frame] = []
    }

    private let state: Mutex<State>
    private let continuation: AsyncStream<Key>.Continuation
    /// Decoded input: whatever was passed to ``send(_:)`` and ``resize(to:)``.
    public let events: AsyncStream<Key>
    /// The colours this backend pretends to draw (styles are recorded undowngraded).
    public let colorMode: ColorMode

    /// Creates a backend with a blank screen of `size`.
    public init(size: Size, colorMode: ColorMode = .ansi256) {
        state = Mutex(State(screen: Buffer(size: size)))
        (events, continuation) = AsyncStream.makeStream(of: Key.self)
        self.colorMode = colorMode
    }

    public var size: Size { state.withLock { $0.screen.area.size } }

    public func draw(_ changes: [CellChange]) {
        state.withLock { s in
            for change in changes { s.screen[change.position] = change.cell }
            s.pendingChanges += changes.count
        }
    }

    public func setCursor(_ position: Position) { state.withLock { $0.cursor = position } }
    public func hideCursor() { state.withLock { $0.cursor = nil } }
    public func clear() { state.withLock { $0.screen.reset() } }

    public func flush() async {
        state.withLock { s in
            s.frames.append(Frame(buffer: s.screen, cursor: s.cursor, changedCells: s.pendingChanges))
            s.pendingChanges = 0
        }
    }

    // MARK: - Test controls

    /// The screen as it is now (including unflushed draws).
    public var screen: Buffer { state.withLock { $0.screen } }
    /// Every flushed frame, oldest first.
    public var frames: [Frame] { state.withLock { $0.frames } }
    /// The last flushed frame.
    public var lastFrame: Frame? { state.withLock { $0.frames.last } }
    /// The cursor position, or `nil` when hidden.
    public var cursor: Position? { state.withLock { $0.cursor } }

    /// Delivers `key` on ``events``.
    public func send(_ key: Key) { continuation.yield(key) }
    /// Delivers each key in order.
    public func send(_ keys: [Key]) { keys.forEach(send) }
    /// Delivers each character of `text` as `.char`.
    public func type(_ text: String) { text.forEach { send(.char($0)) } }

    /// Resizes the screen (blanking it, as a terminal does not keep content reliably) and
    /// delivers `.resize(size)`.
    public func resize(to size: Size) {
        state.withLock { $0.screen = Buffer(size: size) }
        continuation.yield(.resize(size))
    }

    /// Ends ``events``.
    public func finish() { continuation.finish() }
}
