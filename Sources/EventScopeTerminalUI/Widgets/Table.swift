/// One row of a ``Table``: a line per column.
public struct Row: Hashable, Sendable {
    /// The cells, one per column (missing ones are blank, extra ones ignored).
    public var cells: [Line]
    /// A style under the cells' own styles.
    public var style: Style

    /// Creates a row from lines.
    public init(_ cells: [Line], style: Style = .plain) {
        self.cells = cells
        self.style = style
    }

    /// Creates a row from plain strings.
    public init(_ cells: [String], style: Style = .plain) {
        self.init(cells.map { Line($0) }, style: style)
    }
}

/// Rows in columns, with an optional header and a highlighted selection scrolled by a
/// ``TableState``. Column widths come from ``Constraint``s, as in ``Layout``; cells too wide
/// for their column are cut with `…`.
public struct Table: StatefulWidget, Sendable {
    /// The body rows.
    public var rows: [Row]
    /// The header row, drawn above the body and never scrolled.
    public var header: Row?
    /// One constraint per column.
    public var widths: [Constraint]
    /// Blank columns between columns.
    public var columnSpacing: Int
    /// An optional surrounding block.
    public var block: Block?
    /// The base style.
    public var style: Style
    /// The header's style (bold by default).
    public var headerStyle: Style
    /// Laid over the selected row (reverse by default).
    public var highlightStyle: Style
    /// Drawn before the selected row; other rows get as many spaces.
    public var highlightSymbol: String

    /// Creates a table.
    public init(
        _ rows: [Row],
        header: Row? = nil,
        widths: [Constraint],
        columnSpacing: Int = 1,
        block: Block? = nil,
        style: Style = .plain,
        headerStyle: Style = Style(modifiers: .bold),
        highlightStyle: Style = Style(modifiers: .reverse),
        highlightSymbol: String = "▶ "
    ) {
        self.rows = rows
        self.header = header
        self.widths = widths
        self.columnSpacing = columnSpacing
        self.block = block
        self.style = style
        self.headerStyle = headerStyle
        self.highlightStyle = highlightStyle
        self.highlightSymbol = highlightSymbol
    }

    /// The number of body rows visible in `area` (inside the block, below the header).
    public func visibleRowCount(in area: Rect) -> Int {
        let inner = block?.inner(area) ?? area
        return max(0, inner.height - (header == nil ? 0 : 1))
    }

    public func render(in area: Rect, buffer: inout Buffer, state: inout TableState) {
        var inner = area
        if let block {
            block.render(in: area, buffer: &buffer)
            inner = block.inner(area)
        }
        state.clamp(count: rows.count)
        guard !inner.isEmpty else { return }
        let symbolWidth = state.selected == nil ? 0 : displayWidth(of: highlightSymbol)
        let columnsArea = Rect(x: inner.x + symbolWidth, y: inner.y, width: inner.width - symbolWidth, height: 1)
        let columns = Layout.horizontal(widths, spacing: columnSpacing).split(columnsArea)

        var y = inner.y
        if let header {
            let s = style.patched(with: headerStyle).patched(with: header.style)
            buffer.fill(inner.row(0), with: .blank(s))
            draw(header, columns: columns, y: y, style: s, buffer: &buffer)
            y += 1
        }
        let bodyHeight = inner.bottom - y
        state.scrollIntoView(height: bodyHeight, count: rows.count)
        for row in 0..<max(0, bodyHeight) {
            let index = state.offset + row
            guard index < rows.count else { break }
            let isSelected = index == state.selected
            var s = style.patched(with: rows[index].style)
            if isSelected { s = s.patched(with: highlightStyle) }
            let rowRect = Rect(x: inner.x, y: y, width: inner.width, height: 1)
            buffer.fill(rowRect, with: .blank(s))
            if symbolWidth > 0 && isSelected {
                buffer.set(string: highlightSymbol, at: rowRect.origin, style: s, maxWidth: symbolWidth)
            }
            draw(rows[index], columns: columns, y: y, style: s, buffer: &buffer)
            y += 1
        }
    }

    private func draw(_ row: Row, columns: [Rect], y: Int, style: Style, buffer: inout Buffer) {
        for (column, rect) in columns.enumerated() where column < row.cells.count {
            buffer.set(line: row.cells[column], in: Rect(x: rect.x, y: y, width: rect.width, height: 1), base: style)
        }
    }
}

extension Table: Widget {
    /// Renders without selection state (no highlight, no scrolling).
    public func render(in area: Rect, buffer: inout Buffer) {
        var state = TableState()
        render(in: area, buffer: &buffer, state: &state)
    }
}
