/// A grid of ``Cell``s that widgets draw into: one frame of the screen, or part of one.
///
/// Every string written through ``set(string:at:style:maxWidth:)`` is sanitised, so a buffer
/// never holds a control character, and wide characters always keep their continuation cell:
/// overwriting half of a wide character blanks the other half.
public struct Buffer: Hashable, Sendable {
    /// The area the buffer covers (usually at the origin).
    public private(set) var area: Rect
    /// The cells, row by row.
    public private(set) var cells: [Cell]

    /// Creates a buffer covering `area`, filled with `fill`.
    public init(area: Rect, fill: Cell = .blank) {
        self.area = area
        self.cells = Array(repeating: fill, count: area.area)
    }

    /// Creates a buffer of `size` at the origin.
    public init(size: Size, fill: Cell = .blank) {
        self.init(area: Rect(size: size), fill: fill)
    }

    /// Width in cells.
    public var width: Int { area.width }
    /// Height in cells.
    public var height: Int { area.height }

    @inline(__always)
    func index(_ x: Int, _ y: Int) -> Int? {
        guard x >= area.x, x < area.right, y >= area.y, y < area.bottom else { return nil }
        return (y - area.y) * area.width + (x - area.x)
    }

    /// The cell at `(x, y)`; reading outside the area gives a blank cell, writing is ignored.
    ///
    /// Writing keeps wide characters whole: a wide cell also writes its continuation, and a
    /// wide character that is partly overwritten is blanked.
    public subscript(x: Int, y: Int) -> Cell {
        get { index(x, y).map { cells[$0] } ?? .blank }
        set { put(newValue, x: x, y: y) }
    }

    /// The cell at `position`.
    public subscript(position: Position) -> Cell {
        get { self[position.x, position.y] }
        set { self[position.x, position.y] = newValue }
    }

    /// Resets every cell to `fill` and resizes to `area`.
    public mutating func reset(area: Rect? = nil, fill: Cell = .blank) {
        if let area, area != self.area {
            self.area = area
            cells = Array(repeating: fill, count: area.area)
        } else {
            for i in cells.indices { cells[i] = fill }
        }
    }

    // MARK: - Writing

    /// Writes one cell, keeping wide characters consistent.
    @inline(__always)
    mutating func put(_ cell: Cell, x: Int, y: Int) {
        guard let i = index(x, y) else { return }
        if cell.width == 2 {
            guard x + 1 < area.right else {
                // A wide character cannot straddle the right edge: draw a blank instead.
                put(.blank(cell.style), x: x, y: y)
                return
            }
            breakWide(at: i, x: x)
            breakWide(at: i + 1, x: x + 1)
            cells[i] = cell
            cells[i + 1] = .continuation(cell.style)
        } else {
            breakWide(at: i, x: x)
            cells[i] = cell
        }
    }

    /// Blanks the other half of a wide character before cell `i` is overwritten.
    @inline(__always)
    private mutating func breakWide(at i: Int, x: Int) {
        let old = cells[i]
        if old.width == 2, x + 1 < area.right {
            cells[i + 1] = .blank(cells[i + 1].style)
        } else if old.width == 0, x > area.x {
            cells[i - 1] = .blank(cells[i - 1].style)
        }
    }

    /// Writes `string` from `position` rightwards, sanitised, clipped to the buffer and to
    /// `maxWidth` cells.
    ///
    /// A wide character that does not fit whole in the remaining width is not drawn.
    /// Cells take `style` patched over nothing — the previous cell's style is replaced.
    /// - Returns: The position just after the last cell written.
    @discardableResult
    public mutating func set(string: String, at position: Position, style: Style = .plain, maxWidth: Int? = nil) -> Position {
        let limit = min(area.right, position.x + (maxWidth ?? Int.max / 2))
        guard position.y >= area.y, position.y < area.bottom else { return position }
        var x = position.x
        var stop = false
        VisibleText.forEachCell(of: string) { symbol, width in
            if stop { return }
            if x + width > limit { stop = true; return }
            if x >= area.x {
                put(Cell(trusted: symbol, width: width, style: style), x: x, y: position.y)
            }
            x += width
        }
        return Position(x: x, y: position.y)
    }

    /// Writes a styled line from `position`, each span's style patched over `line.style` and
    /// `base`; alignment is ignored here (widgets align before calling).
    /// - Returns: The position just after the last cell written.
    @discardableResult
    public mutating func set(line: Line, at position: Position, base: Style = .plain, maxWidth: Int? = nil) -> Position {
        var cursor = position
        let end = position.x + (maxWidth ?? Int.max / 2)
        let lineStyle = base.patched(with: line.style)
        for span in line.spans {
            guard cursor.x < end else { break }
            cursor = set(string: span.content, at: cursor, style: lineStyle.patched(with: span.style), maxWidth: end - cursor.x)
        }
        return cursor
    }

    /// Applies `style` over every cell in `rect` (clipped), keeping symbols.
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.bottom {
            for x in r.x..<r.right {
                let i = index(x, y)!
                cells[i].style = cells[i].style.patched(with: style)
            }
        }
    }

    /// Fills `rect` (clipped) with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.bottom {
            if cell.width == 1 {
                // Only the edges can cut a wide character; the inside is plain assignment.
                put(cell, x: r.x, y: y)
                if r.width > 1 { put(cell, x: r.right - 1, y: y) }
                if r.width > 2 {
                    let start = index(r.x + 1, y)!
                    for i in start..<(start + r.width - 2) { cells[i] = cell }
                }
                continue
            }
            var x = r.x
            while x < r.right {
                put(cell, x: x, y: y)
                x += max(1, cell.width)
            }
        }
    }

    /// Copies `other` into this buffer at `other.area`'s position (clipped).
    public mutating func merge(_ other: Buffer) {
        let r = other.area.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.bottom {
            for x in r.x..<r.right {
                let cell = other[x, y]
                if cell.isContinuation { continue }
                put(cell, x: x, y: y)
            }
        }
    }
}
