/// `string` shortened to at most `width` cells, ending in `…` when something was cut.
///
/// The cut falls on a grapheme boundary: a wide character that would straddle the limit is
/// dropped whole (the result may then be one cell narrower than `width`). The result is
/// sanitised (see ``sanitized(_:)``), so its width is exactly what a ``Buffer`` draws.
/// - Parameters:
///   - string: The text to shorten.
///   - width: The maximum number of cells; 0 or less gives `""`.
///   - ellipsis: The marker for cut text, `…` by default.
public func truncate(_ string: String, toWidth width: Int, ellipsis: String = "…") -> String {
    guard width > 0 else { return "" }
    var cells: [(CellSymbol, Int)] = []
    var total = 0
    VisibleText.forEachCell(of: string) { symbol, w in cells.append((symbol, w)); total += w }
    if total <= width { return cells.map(\.0.string).joined() }
    let ellipsisWidth = displayWidth(of: ellipsis)
    let budget = width - ellipsisWidth
    guard budget >= 0 else { return truncate(ellipsis, toWidth: width, ellipsis: "") }
    var out = ""
    var used = 0
    for (symbol, w) in cells {
        if used + w > budget { break }
        out += symbol.string
        used += w
    }
    return out + ellipsis
}
