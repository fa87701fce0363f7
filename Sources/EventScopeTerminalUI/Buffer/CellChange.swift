/// One cell to (re)draw: what ``Buffer/diff(from:)`` hands a backend.
public struct CellChange: Hashable, Sendable {
    /// Where to draw, in screen coordinates.
    public var position: Position
    /// What to draw there (never a continuation cell).
    public var cell: Cell

    /// Creates a change.
    public init(position: Position, cell: Cell) {
        self.position = position
        self.cell = cell
    }
}

extension Buffer {
    /// The cells that differ from `previous`, in row-major order.
    ///
    /// Continuation cells are never listed: drawing a wide character covers them. A cell just
    /// right of a wide character that became narrow is listed, so no stale half remains.
    /// When the areas differ every cell is listed (a full redraw).
    public func diff(from previous: Buffer) -> [CellChange] {
        var changes: [CellChange] = []
        let fullRedraw = previous.area != area
        let w = area.width
        var i = 0
        for y in 0..<area.height {
            for x in 0..<w {
                let cell = cells[i]
                if !cell.isContinuation && (fullRedraw || cell != previous.cells[i]) {
                    changes.append(CellChange(position: Position(x: area.x + x, y: area.y + y), cell: cell))
                }
                i += 1
            }
        }
        return changes
    }

    /// Every cell, as changes (for a first or forced full draw).
    public func allChanges() -> [CellChange] {
        diff(from: Buffer(area: .zero))
    }
}
