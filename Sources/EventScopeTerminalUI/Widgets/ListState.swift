/// Selection and scroll of a ``List`` or ``Table``, kept by the caller between frames.
///
/// Move the selection with the `select…` methods (they need the item count); rendering
/// adjusts ``offset`` so the selected row is visible (scroll-into-view).
public struct ListState: Hashable, Sendable {
    /// The selected row, or `nil` for none.
    public var selected: Int?
    /// The first row shown.
    public var offset: Int

    /// Creates a state.
    public init(selected: Int? = nil, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// Selects the next row (the first when none), stopping at the last.
    public mutating func selectNext(count: Int) { move(by: 1, count: count) }
    /// Selects the previous row (the first when none), stopping at the first.
    public mutating func selectPrevious(count: Int) { move(by: -1, count: count) }
    /// Selects the first row (none when empty).
    public mutating func selectFirst(count: Int) { selected = count > 0 ? 0 : nil }
    /// Selects the last row (none when empty).
    public mutating func selectLast(count: Int) { selected = count > 0 ? count - 1 : nil }
    /// Moves the selection by `delta` rows, clamped to `0..<count`.
    public mutating func move(by delta: Int, count: Int) {
        guard count > 0 else { selected = nil; return }
        guard let current = selected else { selected = delta < 0 ? count - 1 : 0; return }
        selected = Swift.max(0, Swift.min(count - 1, current + delta))
    }
    /// Keeps the selection inside `0..<count` after the items changed.
    public mutating func clamp(count: Int) {
        if let s = selected { selected = count == 0 ? nil : Swift.min(s, count - 1) }
        offset = Swift.max(0, Swift.min(offset, Swift.max(0, count - 1)))
    }

    /// Adjusts ``offset`` so the selection is inside a window of `height` rows over `count` items.
    public mutating func scrollIntoView(height: Int, count: Int) {
        guard height > 0 else { return }
        if let s = selected {
            if s < offset { offset = s }
            if s >= offset + height { offset = s - height + 1 }
        }
        offset = Swift.max(0, Swift.min(offset, Swift.max(0, count - height)))
    }
}

/// Selection and scroll of a ``Table`` (the same model as a list's).
public typealias TableState = ListState
