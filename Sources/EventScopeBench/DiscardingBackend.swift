import EventScopeTerminalUI

/// A terminal that draws nowhere: the bench measures the explorer, not a terminal emulator.
final class DiscardingBackend: TerminalBackend {
    let size: Size
    let colorMode = ColorMode.ansi256
    let events: AsyncStream<Key>
    private let continuation: AsyncStream<Key>.Continuation

    init(size: Size) {
        self.size = size
        (events, continuation) = AsyncStream.makeStream(of: Key.self)
    }

    func draw(_ changes: [CellChange]) {}
    func setCursor(_ position: Position) {}
    func hideCursor() {}
    func clear() {}
    func flush() async {}
    func finish() { continuation.finish() }
    func send(_ key: Key) { continuation.yield(key) }
}
