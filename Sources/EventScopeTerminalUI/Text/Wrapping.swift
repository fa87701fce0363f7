/// One drawable cell of styled text, after sanitising.
struct StyledCell {
    var symbol: CellSymbol
    var width: Int
    var style: Style
    var isSpace: Bool { symbol.isASCII(0x20) }
}

extension Line {
    /// The line's sanitised cells with their styles patched over `base`.
    func styledCells(base: Style) -> [StyledCell] {
        var out: [StyledCell] = []
        let lineStyle = base.patched(with: style)
        for span in spans {
            let s = lineStyle.patched(with: span.style)
            VisibleText.forEachCell(of: span.content) { symbol, width in
                out.append(StyledCell(symbol: symbol, width: width, style: s))
            }
        }
        return out
    }

    /// The line broken into rows of at most `width` cells, at spaces where possible.
    ///
    /// A word longer than a row is split at a cell boundary. Spaces at which a row breaks are
    /// dropped; leading spaces of the first row are kept (indentation).
    func wrapped(width: Int, base: Style) -> [[StyledCell]] {
        let cells = styledCells(base: base)
        guard width > 0 else { return [] }
        guard !cells.isEmpty else { return [[]] }
        var rows: [[StyledCell]] = []
        var row: [StyledCell] = []
        var rowWidth = 0
        var lastSpace: Int?  // index in `row` of the last space
        for cell in cells {
            if rowWidth + cell.width > width {
                if cell.isSpace {
                    rows.append(row)
                    row = []; rowWidth = 0; lastSpace = nil
                    continue
                }
                if let space = lastSpace, space > 0 {
                    let carry = Array(row[(space + 1)...])
                    rows.append(Array(row[..<space]))
                    row = carry
                    rowWidth = carry.reduce(0) { $0 + $1.width }
                } else {
                    rows.append(row)
                    row = []; rowWidth = 0
                }
                lastSpace = nil
                if rowWidth + cell.width > width {
                    rows.append(row)
                    row = []; rowWidth = 0
                }
            }
            if cell.isSpace {
                if row.isEmpty && !rows.isEmpty { continue }  // no leading space on continuation rows
                lastSpace = row.count
            }
            row.append(cell)
            rowWidth += cell.width
        }
        rows.append(row)
        return rows
    }
}
