/// A one-line text field showing a ``TextInputState``, scrolled so the cursor stays visible.
///
/// Rendering stores where the terminal cursor belongs in `state.cursorPosition`; put it in
/// `Frame.cursor` so the backend shows it there.
public struct TextInput: StatefulWidget, Sendable {
    /// Drawn before the text (e.g. `"> "`), not editable.
    public var prompt: Span?
    /// Shown dimmed when the text is empty.
    public var placeholder: String?
    /// The text's style.
    public var style: Style
    /// An optional surrounding block.
    public var block: Block?
    /// Whether the field has focus (only a focused field reports a cursor position).
    public var isFocused: Bool

    /// Creates a text input.
    public init(prompt: Span? = nil, placeholder: String? = nil, style: Style = .plain, block: Block? = nil, isFocused: Bool = true) {
        self.prompt = prompt
        self.placeholder = placeholder
        self.style = style
        self.block = block
        self.isFocused = isFocused
    }

    public func render(in area: Rect, buffer: inout Buffer, state: inout TextInputState) {
        var inner = area
        if let block {
            block.render(in: area, buffer: &buffer)
            inner = block.inner(area)
        }
        state.cursorPosition = nil
        guard !inner.isEmpty else { return }
        let row = inner.row(0)
        buffer.fill(row, with: .blank(style))
        var x = row.x
        if let prompt {
            x = buffer.set(string: prompt.content, at: row.origin, style: style.patched(with: prompt.style), maxWidth: row.width).x
        }
        let fieldWidth = row.right - x
        guard fieldWidth > 0 else { return }
        if state.characters.isEmpty, let placeholder {
            buffer.set(string: placeholder, at: Position(x: x, y: row.y), style: style.dim, maxWidth: fieldWidth)
        }
        // Cells of each grapheme, sanitised, and the cell offset of the cursor.
        var cells: [(CellSymbol, Int)] = []
        var cursorCell = 0
        for (index, character) in state.characters.enumerated() {
            if index == state.cursor { cursorCell = cells.reduce(0) { $0 + $1.1 } }
            VisibleText.forEachCell(of: String(character)) { cells.append(($0, $1)) }
        }
        let total = cells.reduce(0) { $0 + $1.1 }
        if state.cursor >= state.characters.count { cursorCell = total }
        // Scroll so the cursor (one cell after the text at the end) is inside the field.
        if cursorCell < state.scrollOffset { state.scrollOffset = cursorCell }
        if cursorCell >= state.scrollOffset + fieldWidth { state.scrollOffset = cursorCell - fieldWidth + 1 }
        state.scrollOffset = max(0, min(state.scrollOffset, max(0, total - fieldWidth + 1)))
        var cell = 0
        var drawX = x
        for (symbol, width) in cells {
            defer { cell += width }
            if cell < state.scrollOffset { continue }
            if drawX + width > row.right { break }
            buffer.put(Cell(trusted: symbol, width: width, style: style), x: drawX, y: row.y)
            drawX += width
        }
        if isFocused {
            state.cursorPosition = Position(x: x + cursorCell - state.scrollOffset, y: row.y)
        }
    }
}
